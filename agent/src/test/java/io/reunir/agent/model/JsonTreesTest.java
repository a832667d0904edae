package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.testing.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** collect writes without an ObjectMapper; its bytes must be the ones a mapper writes. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void everyKindOfValueIsWrittenAsAMapperWritesIt(boolean pretty) throws IOException {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("text", "quote \" backslash \\ é 漢 \u0001 \uD83D\uDE00").put("int", -7)
        .put("long", 1L << 40).put("true", true).put("false", false).putNull("null")
        .put("double", 0.1).put("float", 1.5f)
        .put("big", new BigInteger("123456789012345678901234"))
        .put("decimal", new BigDecimal("1E+3")).put("", "empty name");
    tree.putArray("array").add(1).addNull().add("x").addObject().putArray("nested");
    tree.putObject("empty");

    assertThat(bare(tree, pretty)).isEqualTo(mapper(tree, pretty));
  }

  @ParameterizedTest
  @ValueSource(strings = {"debian12", "cgroupv2", "shared:hosts/alpine-3.14"})
  void aFixtureHostsSnapshotIsWrittenAsAMapperWritesIt(String host) throws IOException {
    var snapshot = new SnapshotCollector(Clock.systemUTC()).collect(
        new HostRoot(host.startsWith("shared:") ? SharedFixtures.dir(host.substring(7))
            : Path.of("src/test/resources/hosts", host)),
        Probes.named(List.of("os", "packages", "services", "processes")), "node-1");
    assertThat(snapshot.packages().size() + snapshot.services().size()).isPositive();

    var written = new ByteArrayOutputStream();
    try (JsonGenerator out = new JsonFactory().createGenerator(written)) {
      SnapshotDocuments.write(snapshot, DocumentContext.local(), out);
    }

    var rendered = SnapshotDocuments.render(snapshot, DocumentContext.local());
    assertThat(written.toString(StandardCharsets.UTF_8))
        .isEqualTo(MAPPER.writeValueAsString(rendered));
  }

  @Test
  void aValueThatIsNotJsonIsRefused() {
    JsonNode pojo = JsonNodeFactory.instance.pojoNode(new Object());
    assertThatThrownBy(() -> bare(pojo, false)).hasMessageContaining("not POJO");
  }

  private static String bare(JsonNode tree, boolean pretty) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = new JsonFactory().createGenerator(bytes)) {
      if (pretty) {
        out.useDefaultPrettyPrinter();
      }
      JsonTrees.write(tree, out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String mapper(JsonNode tree, boolean pretty) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = MAPPER.createGenerator(bytes)) {
      if (pretty) {
        out.useDefaultPrettyPrinter();
      }
      out.writeTree(tree);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
