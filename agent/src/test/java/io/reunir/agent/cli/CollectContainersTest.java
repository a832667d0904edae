package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code collect --probes containers} on a node with containerd and CRI-O state (hosts/containers-node). */
class CollectContainersTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void printsEveryRunningContainerWithItsPodAndItsPackages() throws Exception {
    int code = Main.run(List.of("collect", "--host-root", "src/test/resources/hosts/containers-node",
        "--probes", "containers"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    List<JsonNode> containers = list(json.get("containers"));
    // The two pause (sandbox) containers are not listed.
    assertThat(containers).extracting(c -> c.at("/kubernetes/pod/name").asText() + "/"
        + c.at("/kubernetes/container/name").asText() + " " + c.at("/reunir/container/state").asText())
        .containsExactly("coredns-5d78c9869d-8xk2q/dnsmasq read", "checkout-6d8f9c7b5-x2k4p/checkout read",
            "checkout-6d8f9c7b5-x2k4p/sidecar no_package_database");
    JsonNode dnsmasq = containers.get(0);
    assertThat(dnsmasq.at("/kubernetes/namespace").asText()).isEqualTo("kube-system");
    assertThat(dnsmasq.at("/container/runtime").asText()).isEqualTo("containerd");
    assertThat(dnsmasq.at("/reunir/container/started").asText()).isEqualTo("2025-11-30T08:00:01.500Z");
    assertThat(list(dnsmasq.at("/reunir/container/package_keys"))).extracting(JsonNode::asText)
        .allSatisfy(k -> assertThat(k).matches("(musl|dnsmasq)\\|.+"));
    assertThat(containers.get(1).at("/container/image/hash/all/0").asText()).isEqualTo("sha256:" + "7b".repeat(32));
    assertThat(containers.get(1).at("/reunir/container/started").asText()).isEqualTo("2026-11-30T08:00:03.123456789Z");

    // Each image's packages once, with the image's os-release, then its manifest.
    List<JsonNode> images = list(json.get("images"));
    assertThat(images).extracting(d -> d.at("/package/name").asText(""))
        .containsExactly("musl", "dnsmasq", "", "libssl3", "tzdata", "");
    assertThat(images.get(1).at("/package/version").asText()).isEqualTo("2.89-r5");
    assertThat(images.get(1).at("/host/os/platform").asText()).isEqualTo("alpine");
    assertThat(images.get(1).at("/reunir/image/fingerprint").asText())
        .isEqualTo(dnsmasq.at("/reunir/container/fingerprint").asText());
    assertThat(images.get(2).at("/reunir/image/packages").asInt()).isEqualTo(2);
    assertThat(json.at("/node/reunir/probe/errors").isMissingNode()).isTrue();
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }
}
