package io.reunir.agent.probe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against Fabric8's mock API server over HTTPS: the probe trusts only the server's own
 * self-signed certificate (given as ca.crt) and verifies the host name, as in a cluster.
 */
@EnableKubernetesMockClient(https = true, crud = true)
class KubernetesProbeIT {
  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path dir;

  private KubernetesAccess access(String nodeName) throws Exception {
    Path token = dir.resolve("token");
    if (!Files.exists(token)) {
      Files.writeString(token, "token-1\n");
    }
    // The mock server's URL names "localhost", the name its certificate was made for.
    return new KubernetesAccess(
        nodeName,
        URI.create(server.url("/")),
        token,
        Path.of(server.getSelfSignedCertificate().certificatePath()),
        Duration.ofSeconds(20));
  }

  private static Snapshot collect(KubernetesAccess access) {
    return new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(Path.of("/nonexistent")), List.of(new KubernetesProbe(access)), null);
  }

  @Test
  void readsItsOwnNodeBackFromTheApiServer() throws Exception {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .withLabels(Map.of("topology.kubernetes.io/zone", "zone-1", "pool", "general"))
                .endMetadata()
                .withNewSpec()
                .withProviderID("kind://docker/kind/node-a")
                .addNewTaint()
                .withKey("dedicated")
                .withValue("db")
                .withEffect("NoSchedule")
                .endTaint()
                .addNewTaint()
                .withKey("node-role.kubernetes.io/control-plane")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .withNewStatus()
                .withNewNodeInfo()
                .withKubeletVersion("v1.31.4")
                .withContainerRuntimeVersion("containerd://1.7.24")
                .endNodeInfo()
                .endStatus()
                .build())
        .create();

    Snapshot snapshot = collect(access("node-a"));

    assertThat(snapshot.errors()).isEmpty();
    var facts = snapshot.kubernetes();
    assertThat(facts.labels())
        .isEqualTo(Map.of("topology.kubernetes.io/zone", "zone-1", "pool", "general"));
    assertThat(facts.taints())
        .containsExactly(
            "dedicated=db:NoSchedule", "node-role.kubernetes.io/control-plane:NoSchedule");
    assertThat(facts.kubeletVersion()).isEqualTo("v1.31.4");
    assertThat(facts.containerRuntime()).isEqualTo("containerd://1.7.24");
    assertThat(facts.providerId()).isEqualTo("kind://docker/kind/node-a");
    assertThat(facts.zone()).isEqualTo("zone-1");
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-1");
  }

  @Test
  void theTokenIsReadAgainForEachCollection() throws Exception {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("node-b").endMetadata().build())
        .create();
    KubernetesAccess access = access("node-b");
    collect(access);
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-1");

    Files.writeString(access.tokenFile(), "token-2");
    Snapshot snapshot = collect(access);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-2");
  }

  @Test
  void anUnknownNodeIsRecordedAsA404() throws Exception {
    Snapshot snapshot = collect(access("no-such-node"));

    assertThat(snapshot.kubernetes()).isNull();
    assertThat(snapshot.errors())
        .extracting(ProbeError::error)
        .singleElement()
        .satisfies(e -> assertThat(e).contains("answered 404", "no-such-node"));
  }

  @Test
  void forbiddenAndUnauthorizedAreRecordedWithWhatToFix() throws Exception {
    // The API server's own answers when RBAC or the token is wrong.
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/node-f")
        .andReturn(
            403,
            "{\"kind\":\"Status\","
                + "\"message\":\"nodes \\\"node-f\\\" is forbidden\",\"code\":403}")
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/node-u")
        .andReturn(401, "{\"kind\":\"Status\"," + "\"message\":\"Unauthorized\",\"code\":401}")
        .once();

    var forbidden = collect(access("node-f")).errors();
    var unauthorized = collect(access("node-u")).errors();

    assertThat(forbidden)
        .extracting(ProbeError::error)
        .singleElement()
        .satisfies(
            e -> assertThat(e).contains("answered 403", "RBAC get on nodes", "is forbidden"));
    assertThat(unauthorized)
        .extracting(ProbeError::error)
        .singleElement()
        .satisfies(e -> assertThat(e).contains("answered 401", "token was rejected"));
  }

  @Test
  void aCaThatDidNotSignTheServerIsRefused() throws Exception {
    // Any other certificate: the JDK's own trust store has plenty, none of which signed the mock's.
    Path otherCa = dir.resolve("other-ca.crt");
    Files.writeString(
        otherCa, Files.readString(Path.of("src/test/resources/kubernetes/other-ca.crt")));
    KubernetesAccess good = access("node-a");
    var access =
        new KubernetesAccess("node-a", good.apiServer(), good.tokenFile(), otherCa, good.timeout());

    Snapshot snapshot = collect(access);

    assertThat(snapshot.kubernetes()).isNull();
    assertThat(snapshot.errors())
        .extracting(ProbeError::error)
        .singleElement()
        .satisfies(e -> assertThat(e).contains("SSLHandshakeException"));
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefused() throws Exception {
    KubernetesAccess good = access("node-a");
    // Same server, same trusted certificate, but reached by IP: hostname verification must fail.
    var byIp =
        new KubernetesAccess(
            "node-a",
            URI.create("https://127.0.0.1:" + server.getPort()),
            good.tokenFile(),
            good.caFile(),
            good.timeout());

    Snapshot snapshot = collect(byIp);

    assertThat(snapshot.kubernetes()).isNull();
    assertThat(snapshot.errors())
        .extracting(ProbeError::error)
        .singleElement()
        .satisfies(e -> assertThat(e).contains("SSLHandshakeException"));
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  accepted.add(silent.accept());
                } catch (Exception e) {
                  // closed at the end of the test
                }
              });
      acceptor.start();
      var access =
          new KubernetesAccess(
              "node-a",
              URI.create("http://127.0.0.1:" + silent.getLocalPort()),
              access("node-a").tokenFile(),
              dir.resolve("unused-ca.crt"),
              Duration.ofSeconds(2));

      Snapshot snapshot = collect(access);

      assertThat(snapshot.errors())
          .extracting(ProbeError::error)
          .singleElement()
          .satisfies(e -> assertThat(e).contains("no answer from", "within 2s"));
    }
    for (Socket socket : accepted) {
      socket.close();
    }
  }
}
