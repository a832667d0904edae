package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.bench.EsRequests;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * One import of an OSV export by the operator's {@link AdvisoryImport}, in a process of its own so
 * run.sh can give it the operator's small heap and read its peak RSS:
 * {@code AdvisoryImportRun ES_URL PREFIX EXPORT LABEL ECOSYSTEMS}, where {@code ECOSYSTEMS} is
 * {@code all} or a comma-separated list read as an AdvisorySource's {@code spec.ecosystems} is
 * ({@link WantedEcosystems}: {@code Debian} is every Debian release). In the operator's package, as
 * that reading is the operator's own. Prints {@code LABEL_key=value} lines; exits 1 when the import
 * reported errors, naming the first ones.
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
    var es = EsClients.connect(new EsEndpoint(List.of(URI.create(url)), null, null), Duration.ofSeconds(60));
    AdvisoryIndices.ensure(es, layout, args[1]);
    var before = EsRequests.byRoute(url);
    long start = System.nanoTime();
    var report = new AdvisoryImport(es, layout, "bench/advisories", wanted(es, layout, args[4]), doc -> { })
        .run(Path.of(args[2]));
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

  private static Predicate<String> wanted(ElasticsearchClient es, IndexLayout layout, String ecosystems)
      throws java.io.IOException {
    return ecosystems.equals("all") ? ecosystem -> true
        : WantedEcosystems.of(es, layout, Arrays.asList(ecosystems.split(",")));
  }
}
