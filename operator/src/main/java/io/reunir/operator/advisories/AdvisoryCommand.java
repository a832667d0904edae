package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code reunir-operator advisories}: one import and whole match, as an {@code AdvisorySource} runs
 * them, against an Elasticsearch without a Kubernetes cluster (a first look, an air-gapped import
 * from a copied export, the quickstart). Exit 0 clean, 1 errors in the export or the match (named),
 * 2 usage, 3 Elasticsearch could not be reached.
 */
public final class AdvisoryCommand {
  public static final String NAME = "advisories";
  static final String USAGE = """
      Usage: java -jar reunir-operator.jar advisories --export PATH --elasticsearch URL[,URL...]
               [--index-prefix reunir] [--ecosystems Debian,Ubuntu,...] [--source NAME]
               [--api-key-file F | --username-file F --password-file F] [--ca-file F]
      Imports an OSV export (a .json record, a directory, an array, NDJSON or a zip) into
      <prefix>-advisories and matches it against every node's packages in <prefix>-packages,
      writing <prefix>-findings: what an AdvisorySource does each interval, without Kubernetes.
      --ecosystems: default those of the platforms in <prefix>-nodes. --source: the name the
      documents are marked with (default cli); records that left the export are removed for it.
      Exit status: 0 clean, 1 errors in the export or the match, 2 usage, 3 Elasticsearch unreachable.""";
  private static final Set<String> FLAGS = Set.of("--export", "--elasticsearch", "--index-prefix",
      "--ecosystems", "--source", "--api-key-file", "--username-file", "--password-file", "--ca-file");

  private AdvisoryCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (flag.equals("--help") || flag.equals("-h")) {
        out.println(USAGE);
        return 0;
      }
      if (!FLAGS.contains(flag) || i + 1 >= args.size()) {
        err.println("reunir-operator advisories: " + (FLAGS.contains(flag) ? flag + " needs a value"
            : "unknown option '" + flag + "'") + "\n" + USAGE);
        return 2;
      }
      options.put(flag, args.get(++i));
    }
    if (!options.containsKey("--export") || !options.containsKey("--elasticsearch")) {
      err.println("reunir-operator advisories: --export and --elasticsearch are required\n" + USAGE);
      return 2;
    }
    Path export = Path.of(options.get("--export"));
    if (!Files.exists(export)) {
      err.println("reunir-operator advisories: --export: " + export + " does not exist");
      return 2;
    }
    String prefix = options.getOrDefault("--index-prefix", ElasticsearchConfig.DEFAULT_INDEX_PREFIX);
    IndexLayout layout;
    EsEndpoint endpoint;
    try {
      layout = new IndexLayout(prefix);
      endpoint = EsEndpoint.fromConfig(new ElasticsearchConfig(
          Arrays.asList(options.get("--elasticsearch").split(",")), prefix, options.get("--api-key-file"),
          options.get("--username-file"), options.get("--password-file"), options.get("--ca-file")));
    } catch (IOException | IllegalArgumentException e) {
      err.println("reunir-operator advisories: " + e.getMessage());
      return 2;
    }
    List<String> ecosystems = options.containsKey("--ecosystems")
        ? Arrays.asList(options.get("--ecosystems").split(",")) : List.of();
    ElasticsearchClient es = null;
    try {
      es = EsClients.connect(endpoint, Duration.ofMinutes(2));
      AdvisoryIndices.ensure(es, layout, prefix);
      var outcome = AdvisoryPass.run(es, layout, options.getOrDefault("--source", "cli"),
          WantedEcosystems.of(es, layout, ecosystems), export, null, null, Clock.systemUTC());
      es.indices().refresh(r -> r.index(layout.findings(), layout.changes()).ignoreUnavailable(true));
      var imported = outcome.imported();
      var match = outcome.match();
      out.println("reunir-operator advisories: " + imported.records() + " records, " + imported.documents()
          + " advisory documents (" + imported.written() + " written, " + imported.unchanged() + " unchanged, "
          + (outcome.removed() == null ? "none removed: the export had errors" : outcome.removed().count()
              + " removed") + "), " + imported.skipped() + " of other ecosystems skipped; "
          + match.findings() + " findings (" + match.written() + " written, " + match.deleted() + " deleted, "
          + match.fixed() + " fixed)");
      imported.errors().forEach(e -> err.println("reunir-operator advisories: export: " + e));
      match.errors().forEach(e -> err.println("reunir-operator advisories: match: " + e));
      return imported.clean() && match.errorCount() == 0 ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      err.println("reunir-operator advisories: elasticsearch " + endpoint.urls() + ": "
          + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 3;
    } finally {
      if (es != null) {
        try {
          es._transport().close();
        } catch (IOException ignored) {
          // The process ends.
        }
      }
    }
  }
}
