package io.reunir.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.match.Finding;
import io.reunir.advisories.match.Matcher;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.advisories.osv.ReadError;
import io.reunir.advisories.osv.ReadReport;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.registry.ProbeSettings;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.os.OsProbe;
import io.reunir.agent.probe.packages.PackagesProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code match}: the findings of one host root against OSV advisories, with the match rule the fleet
 * match runs in Elasticsearch. Exit status 0: everything was read and nothing is affected; 1:
 * findings (as osv-scanner does, so a script's {@code if} reads "affected"); 4: something could not
 * be read (the advisories, a record, the package databases or os-release), whatever was found — a
 * partial read must never look like a clean host.
 */
final class MatchCommand {
  static final int FINDINGS = 1;
  static final int UNREAD = 4;

  private MatchCommand() {}

  static int run(Main.Options options, PrintStream out, PrintStream err) {
    Path root = Path.of(options.get("--host-root", "/"));
    String advisoriesOption = options.get("--advisories", null);
    if (advisoriesOption == null) {
      throw new Main.UsageException("match needs --advisories PATH");
    }
    String format = options.get("--format", "table");
    if (!format.equals("table") && !format.equals("json")) {
      throw new Main.UsageException("--format must be table or json, not '" + format + "'");
    }
    List<String> names = new ArrayList<>(List.of(OsProbe.NAME, PackagesProbe.NAME));
    Arrays.stream(options.get("--probes", "").split(",")).map(String::strip)
        .filter(n -> !n.isEmpty() && !names.contains(n)).forEach(names::add);
    List<Probe> probes;
    try {
      probes = Probes.named(names, ProbeSettings.fromEnvironment());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    Path advisories = Path.of(advisoriesOption);
    if (!Files.isDirectory(root)) {
      err.println("reunir-agent: host root " + root + " is not a directory");
      return UNREAD;
    }
    if (!Files.isReadable(advisories)) {
      err.println("reunir-agent: cannot read advisories " + advisories + ": "
          + (Files.exists(advisories) ? "permission denied" : "no such file or directory"));
      return UNREAD;
    }

    String nodeName = options.get("--node-name", System.getenv("NODE_NAME"));
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC()).collect(new HostRoot(root), probes, nodeName);
    boolean unread = false;
    for (ProbeError e : snapshot.errors()) {
      err.println("reunir-agent: " + e.probe() + ": " + e.error());
      unread |= e.probe().equals(PackagesProbe.NAME);
    }
    if (snapshot.os() == null || snapshot.os().release() == null) {
      err.println("reunir-agent: no os-release: no advisory can match this host");
      unread = true;
    }
    var packageDocs = new ArrayList<ObjectNode>();
    DocumentKinds.indexed("packages").render(snapshot, DocumentContext.local()).forEachRemaining(packageDocs::add);
    var matcher = new Matcher(packageDocs, snapshot.collectedAt());
    var findings = new ArrayList<Finding>();
    var tally = new int[3];
    ReadReport report;
    try {
      report = OsvReader.readWithSource(advisories, (source, advisory) -> {
        AdvisoryDocuments.Conversion conversion = AdvisoryDocuments.of(advisory);
        tally[0] += conversion.documents().size();
        tally[1] += conversion.unknownEcosystems();
        tally[2] += conversion.problems().size();
        conversion.problems().forEach(p -> err.println("reunir-agent: advisories: " + source + ": " + p));
        conversion.documents().forEach(d -> findings.addAll(matcher.match(d)));
      });
    } catch (NoSuchFileException e) {
      err.println("reunir-agent: cannot read advisories " + advisories + ": no such file or directory");
      return UNREAD;
    } catch (IOException e) {
      err.println("reunir-agent: cannot read advisories " + advisories + ": " + e.getClass().getSimpleName());
      return UNREAD;
    }
    report.errors().forEach(e -> err.println("reunir-agent: advisories: " + e.line()));
    if (report.errorCount() > report.errors().size()) {
      err.println("reunir-agent: advisories: " + (report.errorCount() - report.errors().size())
          + " more unreadable records");
    }
    findings.sort(Comparator.comparing(Finding::packageName).thenComparing(Finding::architecture,
        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(f -> f.advisory().id()));
    err.println("reunir-agent: " + report.records() + " advisories in " + report.files() + " files, "
        + tally[0] + " advisory documents, " + tally[1] + " entries of other ecosystems skipped, "
        + (report.errorCount() + tally[2]) + " unreadable; " + packageDocs.size() + " packages; "
        + findings.size() + " findings");
    if (format.equals("json")) {
      findings.forEach(f -> out.println(f.toDocument().toString()));
    } else {
      printTable(findings, out);
    }
    if (unread || !report.clean() || tally[2] > 0) {
      return UNREAD;
    }
    return findings.isEmpty() ? 0 : FINDINGS;
  }

  private static void printTable(List<Finding> findings, PrintStream out) {
    if (findings.isEmpty()) {
      return;
    }
    var rows = new ArrayList<String[]>();
    rows.add(new String[] {"NODE", "PACKAGE", "VERSION", "ADVISORY", "CVE", "FIXED", "STATUS", "SEVERITY",
        "IN_USE"});
    for (Finding f : findings) {
      var aliases = new LinkedHashSet<>(f.advisory().aliases());
      String cve = aliases.isEmpty() ? "-" : aliases.iterator().next()
          + (aliases.size() > 1 ? " +" + (aliases.size() - 1) : "");
      rows.add(new String[] {dash(f.node()), f.packageName(), f.packageVersion(), f.advisory().advisoryId(),
          cve, dash(f.fixedVersion()), f.status().value, dash(f.advisory().severity().level()),
          f.inUse() == null ? "unknown" : f.inUse().toString()});
    }
    int[] widths = new int[rows.get(0).length];
    rows.forEach(r -> {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    });
    for (String[] r : rows) {
      var line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
