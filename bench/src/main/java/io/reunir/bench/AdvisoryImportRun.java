package io.reunir.bench;

import io.reunir.advisories.AdvisoryDocument;
import io.reunir.contract.index.IndexLayout;
import io.reunir.operator.advisories.AdvisoryImport;
import io.reunir.operator.advisories.AdvisoryIndices;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One import of an OSV export by the operator's {@link AdvisoryImport}, in a process of its own so
 * run.sh can give it the operator's small heap and read its peak RSS:
 * {@code AdvisoryImportRun ES_URL PREFIX EXPORT LABEL ECOSYSTEMS}, where {@code ECOSYSTEMS} is
 * {@code all} or a comma-separated list as an AdvisorySource's {@code spec.ecosystems} gives it
 * ({@code Debian}: every Debian release), with the reconciler's meaning: the part of the ecosystem
 * before its first colon. Prints {@code LABEL_key=value} lines; exits 1 when the import reported
 * errors, naming the first ones.
 */
public final class AdvisoryImportRun {
  private AdvisoryImportRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: AdvisoryImportRun ES_URL PREFIX EXPORT LABEL all|ECOSYSTEM,...");
      System.exit(2);
    }
    String url = args[0];
    var layout = new IndexLayout(args[1]);
    String label = args[3];
    var es = ReportingCount.connect(url);
    AdvisoryIndices.ensure(es, layout, args[1]);
    var before = EsRequests.byRoute(url);
    long start = System.nanoTime();
    var report = new AdvisoryImport(es, layout, wanted(args[4]), doc -> { }).run(Path.of(args[2]));
    double seconds = (System.nanoTime() - start) / 1e9;
    var requests = EsRequests.since(before, EsRequests.byRoute(url));
    es._transport().close();
    System.out.printf("%s_records=%d%n%s_documents=%d%n%s_written=%d%n%s_unchanged=%d%n%s_errors=%d%n"
            + "%s_seconds=%.1f%n%s_requests=%d%n", label, report.records(), label, report.documents(),
        label, report.written(), label, report.unchanged(), label, report.errorCount(), label, seconds,
        label, EsRequests.total(requests));
    System.out.printf("%s_skipped=%d%n", label, report.skipped());
    System.err.printf("advisory import %s: %s, requests %s%n", label, report, requests);
    if (!report.clean()) {
      System.err.println("advisory import " + label + " reported errors: " + report.errors());
      System.exit(1);
    }
  }

  private static Predicate<AdvisoryDocument> wanted(String ecosystems) {
    if (ecosystems.equals("all")) {
      return doc -> true;
    }
    Set<String> names = new TreeSet<>();
    for (String name : ecosystems.split(",")) {
      names.add(name.strip().toLowerCase(Locale.ROOT));
    }
    return doc -> names.contains(doc.ecosystem().split(":", 2)[0].toLowerCase(Locale.ROOT));
  }
}
