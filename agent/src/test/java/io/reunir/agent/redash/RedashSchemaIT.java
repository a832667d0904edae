package io.reunir.agent.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.sync.TemplateInstall;
import io.reunir.agent.testing.ElasticsearchExtension;
import io.reunir.agent.testing.ElasticsearchNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The indices stay strict and Redash's schema browser still reads them: every unknown field, at the
 * top level or inside any object, is a write error in a real Elasticsearch, and Redash's mapping
 * parser ({@link RedashSchema}) lists every field of the real {@code _mapping} answer.
 */
@ExtendWith(ElasticsearchExtension.class)
class RedashSchemaIT {
  private static final String PREFIX = "schemait";
  private static final IndexLayout LAYOUT = new IndexLayout(PREFIX);

  private static EsHttp es;

  @BeforeAll
  static void installTemplates(ElasticsearchNode node) throws Exception {
    es = new EsHttp(node.url());
    for (String name : IndexLayout.NAMES) {
      es.send("DELETE", "/" + LAYOUT.concreteIndex(name), null, "application/json");
      es.send("DELETE", "/_index_template/" + LAYOUT.templateName(name), null, "application/json");
    }
    es.send("DELETE", "/" + PREFIX + "-old-v1", null, "application/json");
    var config = new ElasticsearchConfig(List.of(node.url().toString()), PREFIX, null, null, null, null);
    var client = EsClients.connect(EsEndpoint.fromConfig(config), Duration.ofSeconds(30));
    try {
      TemplateInstall.ensure(client, PREFIX);
    } finally {
      client._transport().close();
    }
  }

  @Test
  void theSchemaBrowserListsEveryFieldOfEveryIndex() throws Exception {
    Map<String, Set<String>> schema =
        RedashSchema.parseMappings(es.ok("GET", "/" + PREFIX + "-*/_mappings", null));

    for (String name : IndexLayout.NAMES) {
      List<String> fields = new ArrayList<>();
      leaves("", IndexTemplates.mappings(name, PREFIX).get("properties"), fields);
      // Image documents are shared by every node that runs the image: they name none.
      assertThat(fields).as(name + " template fields").contains("@timestamp",
          name.equals("images") ? "host.os.platform" : "host.name");
      assertThat(schema.get(LAYOUT.concreteIndex(name))).as(name + " columns in Redash")
          .containsExactlyInAnyOrderElementsOf(fields);
    }
  }

  /** The layout before this one, {@code dynamic: strict} at the top, is what Redash failed on. */
  @Test
  void aTopLevelDynamicSettingBreaksTheSchemaBrowser() throws Exception {
    ObjectNode old = EsHttp.JSON.createObjectNode();
    old.put("dynamic", "strict");
    old.set("properties", IndexTemplates.mappings("packages", PREFIX).get("properties"));
    es.ok("PUT", "/" + PREFIX + "-old-v1", "{\"mappings\":" + old + "}");

    JsonNode answer = es.ok("GET", "/" + PREFIX + "-old-v1/_mappings", null);
    assertThat(answer.at("/" + PREFIX + "-old-v1/mappings").fieldNames().next()).isEqualTo("dynamic");
    assertThatThrownBy(() -> RedashSchema.parseMappings(answer))
        .isInstanceOf(RedashSchema.SchemaError.class).hasMessageContaining("string indices must be integers");
  }

  /** Why the README sends users to the current runner: the deprecated one reads no typeless mapping. */
  @Test
  void theDeprecatedRunnersSchemaBrowserReadsNoTypelessMapping() throws Exception {
    JsonNode answer = es.ok("GET", "/" + LAYOUT.concreteIndex("nodes") + "/_mappings", null);
    assertThatThrownBy(() -> RedashSchema.legacySchema(answer)).isInstanceOf(RedashSchema.SchemaError.class);
  }

  @Test
  void everyUnknownFieldIsAWriteError() throws Exception {
    for (String name : IndexLayout.NAMES) {
      String index = LAYOUT.concreteIndex(name);
      String known = name.equals("images") ? "{\"host\":{\"os\":{\"platform\":\"debian\"}}}"
          : "{\"host\":{\"name\":\"n1\"}}";
      assertThat(write(index, known).status()).as(name + ": known fields").isEqualTo(201);

      for (String value : List.of("\"x\"", "1", "true", "[\"x\"]")) {
        assertRefused(index, "{\"reunir_unknown\":" + value + "}", "document_parsing_exception");
      }
      // A newer agent's new field set: refused the way SyncEngine recognises, so it extends the mapping.
      assertRefused(index, "{\"reunir_unknown\":{\"id\":\"x\"}}", "strict_dynamic_mapping_exception");
      assertRefused(index, "{\"reunir_unknown.id\":\"x\"}", "strict_dynamic_mapping_exception");

      List<String> objects = new ArrayList<>();
      objects(IndexTemplates.mappings(name, PREFIX).get("properties"), "", objects);
      assertThat(objects).as(name + " objects").contains("host", "reunir");
      for (String object : objects) {
        for (String value : List.of("\"x\"", "null", "{\"id\":\"x\"}")) {
          assertRefused(index, nest(object, "{\"reunir_unknown\":" + value + "}"),
              "strict_dynamic_mapping_exception");
        }
      }
      JsonNode mapping = es.ok("GET", "/" + index + "/_mapping", null).at("/" + index + "/mappings");
      assertThat(mapping).as(name + " mapping after the refused writes")
          .isEqualTo(IndexTemplates.mappings(name, PREFIX));
    }
  }

  private static EsHttp.Answer write(String index, String document) throws Exception {
    return es.send("POST", "/" + index + "/_doc", document, "application/json");
  }

  private static void assertRefused(String index, String document, String errorType) throws Exception {
    EsHttp.Answer answer = write(index, document);
    assertThat(answer.status()).as(index + " " + document).isEqualTo(400);
    assertThat(answer.body().at("/error/type").asText()).as(index + " " + document).isEqualTo(errorType);
  }

  /** {@code {"a":{"b":INNER}}} for the path {@code a.b}. */
  private static String nest(String path, String inner) {
    String json = inner;
    String[] parts = path.split("\\.");
    for (int i = parts.length - 1; i >= 0; i--) {
      json = "{\"" + parts[i] + "\":" + json + "}";
    }
    return json;
  }

  private static void leaves(String prefix, JsonNode properties, List<String> out) {
    properties.properties().forEach(p -> {
      if (p.getValue().has("properties")) {
        leaves(prefix + p.getKey() + ".", p.getValue().get("properties"), out);
      } else {
        out.add(prefix + p.getKey());
      }
    });
  }

  private static void objects(JsonNode properties, String prefix, List<String> out) {
    properties.properties().forEach(p -> {
      if (p.getValue().has("properties")) {
        out.add(prefix + p.getKey());
        objects(p.getValue().get("properties"), prefix + p.getKey() + ".", out);
      }
    });
  }
}
