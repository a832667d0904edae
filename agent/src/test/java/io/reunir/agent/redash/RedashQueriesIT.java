package io.reunir.agent.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.version.VersionKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every file of {@code redash/queries/} against a real Elasticsearch holding the fixture fleet
 * (written by the agent's own sync: its index templates, aliases, documents and change events),
 * as Redash would, and compares the rows with {@code resources/redash/expected/<same name>}: a query
 * without expected rows fails, so no query ships untested.
 *
 * <p>An expected file holds {@code cases}, each with {@code parameters} and the exact {@code rows}
 * (in order). A parameter given as {@code {"dropdown": FILE, "name": N, "type": T}} is chosen the
 * way a Redash user picks from a query-based dropdown: FILE is run and the {@code value} of its row
 * named N (of package type T) is used. In rows, {@code ${fresh}} and {@code ${stale}} stand for the
 * fixture's heartbeat times, which follow the clock because "stale" is relative to now, and
 * {@code ${key:TYPE:VERSION}} for the version key the agent indexes for that version.
 */
@ExtendWith(ElasticsearchExtension.class)
class RedashQueriesIT {
  private static final Path QUERIES = Path.of("../redash/queries");
  private static final Path EXPECTED = Path.of("src/test/resources/redash/expected");
  private static final String PREFIX = "redashit";
  private static final Pattern VERSION_KEY = Pattern.compile("\\$\\{key:(\\w+):(.+)\\}");

  private static EsHttp es;
  private static FleetFixture fleet;

  @BeforeAll
  static void indexFleet(ElasticsearchNode node) throws Exception {
    es = new EsHttp(node.url());
    fleet = new FleetFixture(Instant.now());
    FleetIndex.load(es, PREFIX, fleet);
  }

  /**
   * Queries whose rows only the operator's match passes write (a fix recorded, old code still
   * running): the operator's FindingsLifecycleIT runs them on what its passes left.
   */
  private static final Path OPERATOR_TESTED = Path.of(
      "../operator/src/test/java/io/reunir/operator/advisories/FindingsLifecycleIT.java");
  private static final List<String> OPERATOR_QUERIES = List.of(
      "17-fix-installed-old-code-running.json", "18-exposure-window-per-node.json");

  @Test
  void theOperatorsQueriesAreRunByItsTest() throws IOException {
    String test = Files.readString(OPERATOR_TESTED, StandardCharsets.UTF_8);
    for (String query : OPERATOR_QUERIES) {
      assertThat(QUERIES.resolve(query)).exists();
      assertThat(test).as(OPERATOR_TESTED + " runs " + query).contains("\"" + query + "\"");
      assertThat(EXPECTED.resolve(query)).as("no agent-fleet rows for " + query).doesNotExist();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyQueryReturnsItsExpectedRows() throws IOException {
    List<Path> files = queryFiles().stream()
        .filter(f -> !OPERATOR_QUERIES.contains(f.getFileName().toString())).toList();
    assertThat(files).as("query files in " + QUERIES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(7);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      Path expectedFile = EXPECTED.resolve(file.getFileName());
      if (!Files.exists(expectedFile)) {
        fail(file + " has no expected rows: add " + expectedFile + " with its cases");
      }
      RedashQuery query = RedashQuery.load(file);
      JsonNode cases = EsHttp.JSON.readTree(Files.readString(expectedFile, StandardCharsets.UTF_8)).path("cases");
      assertThat(cases.isArray() && cases.size() > 0).as(expectedFile + " has at least one case").isTrue();
      for (JsonNode testCase : cases) {
        assertThat(testCase.has("rows")).as(expectedFile + ": every case lists its rows").isTrue();
        Map<String, String> values = parameters(testCase.path("parameters"));
        assertThat(values.keySet()).as(file + ": parameters given").containsExactlyInAnyOrderElementsOf(
            query.parameters());
        List<ObjectNode> rows = query.run(es, PREFIX, values);
        assertThat(rows).as(file + " with " + values)
            .containsExactlyElementsOf(expectedRows(testCase.get("rows")));
      }
    }));
  }

  @Test
  void everyExpectedFileBelongsToAQuery() throws IOException {
    try (Stream<Path> expected = Files.list(EXPECTED)) {
      List<String> orphans = expected.map(p -> p.getFileName().toString())
          .filter(name -> !Files.exists(QUERIES.resolve(name))).toList();
      assertThat(orphans).as("expected rows without a query file").isEmpty();
    }
  }

  @Test
  void everyQueryNamesAReunirAliasAndSetsSize() throws IOException {
    for (Path file : queryFiles()) {
      RedashQuery query = RedashQuery.load(file);
      Map<String, String> dummy = new LinkedHashMap<>();
      query.parameters().forEach(p -> dummy.put(p, "1"));
      ObjectNode body = query.render(dummy);
      assertThat(body.path("index").asText()).as(file + " index").matches("reunir-(nodes|packages|services|changes|findings)");
      assertThat(body.has("size")).as(file + " sets size (Redash shows 10 hits otherwise)").isTrue();
    }
  }

  /**
   * No silent cut: a top-level {@code terms} aggregation shows its {@code sum_other_doc_count} (Redash
   * copies it onto every row), and a hits query asks for the 10,000 hits the README says mean "cut".
   */
  @Test
  void everyQueryShowsWhereItIsCut() throws IOException {
    for (Path file : queryFiles()) {
      RedashQuery query = RedashQuery.load(file);
      Map<String, String> dummy = new LinkedHashMap<>();
      query.parameters().forEach(p -> dummy.put(p, "1"));
      ObjectNode body = query.render(dummy);
      if (!body.has("aggs")) {
        assertThat(body.path("size").asInt()).as(file + " hits").isEqualTo(10_000);
        continue;
      }
      List<String> resultFields = new ArrayList<>();
      body.path("result_fields").forEach(f -> resultFields.add(f.asText()));
      body.get("aggs").properties().forEach(agg -> {
        if (agg.getValue().has("terms")) {
          assertThat(resultFields).as(file + " shows what its top-level terms left out")
              .contains(agg.getKey() + ".sum_other_doc_count");
        }
      });
    }
  }

  /**
   * Why query 04 ranges over the version key: the same range over {@code package.version} compares
   * strings, and misses nodes dpkg knows are older ({@code 3.0.9-1}, {@code 3.0.2-0ubuntu1.18}).
   */
  @Test
  void aStringRangeOnPackageVersionMissesOlderNodes() throws Exception {
    RedashQuery query = RedashQuery.load(QUERIES.resolve("04-package-older-than.json"));
    ObjectNode body = query.render(Map.of("package", "openssl", "package_type", "deb", "older_than", "x"));
    ArrayNode filters = (ArrayNode) body.at("/query/bool/filter");
    filters.set(2, EsHttp.JSON.readTree("{\"range\":{\"package.version\":{\"lt\":\"3.0.11-1~deb12u2\"}}}"));

    List<String> byString = RedashQuery.run(es, PREFIX, body).stream().map(r -> r.get("host.name").asText())
        .toList();
    List<String> byKey = query.run(es, PREFIX, Map.of("package", "openssl", "package_type", "deb",
        "older_than", VersionKey.of("deb", "3.0.11-1~deb12u2"))).stream()
        .map(r -> r.get("host.name").asText()).toList();

    assertThat(byKey).containsExactly("bookworm-c", "bookworm-stale", "jammy-a");
    assertThat(byString).doesNotContain("bookworm-c", "bookworm-stale", "jammy-a");
  }

  private static List<Path> queryFiles() throws IOException {
    try (Stream<Path> files = Files.list(QUERIES)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static Map<String, String> parameters(JsonNode given) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    for (var entry : given.properties()) {
      JsonNode value = entry.getValue();
      values.put(entry.getKey(), value.isObject() ? dropdownChoice(value) : value.asText());
    }
    return values;
  }

  /** What a user gets by picking {@code name} in a query-based dropdown fed by another query file. */
  private static String dropdownChoice(JsonNode spec) throws Exception {
    RedashQuery source = RedashQuery.load(QUERIES.resolve(spec.get("dropdown").asText()));
    List<String> matches = new ArrayList<>();
    for (ObjectNode row : source.run(es, PREFIX, Map.of())) {
      if (row.path("name").asText().equals(spec.get("name").asText())
          && row.path("type").asText().equals(spec.path("type").asText())) {
        matches.add(row.get("value").asText());
      }
    }
    assertThat(matches).as("dropdown rows named " + spec).hasSize(1);
    return matches.get(0);
  }

  private static List<ObjectNode> expectedRows(JsonNode rows) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode row : rows) {
      ObjectNode resolved = EsHttp.JSON.createObjectNode();
      row.properties().forEach(f -> resolved.set(f.getKey(),
          f.getValue().isTextual() ? EsHttp.JSON.getNodeFactory().textNode(token(f.getValue().asText()))
              : f.getValue()));
      out.add(resolved);
    }
    return out;
  }

  private static String token(String value) {
    Matcher key = VERSION_KEY.matcher(value);
    if (key.matches()) {
      return VersionKey.of(key.group(1), key.group(2));
    }
    return switch (value) {
      case "${fresh}" -> fleet.fresh.toString();
      case "${stale}" -> fleet.stale.toString();
      default -> value;
    };
  }
}
