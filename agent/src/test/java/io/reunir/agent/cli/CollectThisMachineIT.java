package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.probe.packages.DpkgRealDataIT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code collect --host-root /} lists exactly the packages dpkg lists on this machine. */
class CollectThisMachineIT {
  @Test
  void collectListsExactlyWhatDpkgQueryLists() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = Main.run(List.of("collect", "--host-root", "/", "--probes", "packages"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    List<String> listed = new ArrayList<>();
    for (JsonNode p : json.get("packages")) {
      assertThat(p.at("/package/type").asText()).isEqualTo("deb");
      assertThat(p.at("/reunir/package/version_key").asText()).isNotEmpty();
      listed.add(p.at("/package/name").asText() + "\t" + p.at("/package/version").asText() + "\t"
          + p.at("/package/architecture").asText());
    }
    assertThat(json.at("/node/reunir/probe/errors").isMissingNode()).isTrue();
    assertThat(listed.stream().sorted().toList()).containsExactlyElementsOf(DpkgRealDataIT.dpkgQueryInstalled());
  }
}
