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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe against Fabric8's mock API server over HTTPS, configured as in a pod: Fabric8's
 * in-cluster config finds the server and CA through the names it reads (here as system properties
 * instead of the pod's variables and files). The probe trusts only the server's own self-signed
 * certificate and verifies the host name.
 */
@EnableKubernetesMockClient(https = true, crud = true)
class KubernetesProbeIT {
  private static final List<String> IN_CLUSTER = List.of("KUBERNETES_SERVICE_HOST",
      "KUBERNETES_SERVICE_PORT", "kubernetes.certs.ca.file", "kubernetes.auth.tryKubeConfig");

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path dir;
  private final List<NodeReader> readers = new ArrayList<>();

  @BeforeEach
  void inCluster() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "token-1\n");
    // The mock server's certificate names "localhost".
    inCluster("localhost", server.getPort(),
        Path.of(server.getSelfSignedCertificate().certificatePath()));
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
  }

  private static void inCluster(String host, int port, Path ca) {
    System.setProperty("KUBERNETES_SERVICE_HOST", host);
    System.setProperty("KUBERNETES_SERVICE_PORT", String.valueOf(port));
    System.setProperty("kubernetes.certs.ca.file", ca.toString());
  }

  @AfterEach
  void leaveCluster() {
    readers.forEach(NodeReader::close);
    IN_CLUSTER.forEach(System::clearProperty);
  }

  private NodeReader reader(String nodeName, Duration timeout) {
    var reader = new NodeReader(new KubernetesAccess(nodeName, dir.resolve("token"), timeout));
    readers.add(reader);
    return reader;
  }

  private NodeReader reader(String nodeName) {
    return reader(nodeName, Duration.ofSeconds(20));
  }

  private static Snapshot collect(NodeReader reader) {
    return new SnapshotCollector(Clock.systemUTC())
        .collect(new HostRoot(Path.of("/nonexistent")), List.of(new KubernetesProbe(reader)), null);
  }

  private static String theError(Snapshot snapshot) {
    assertThat(snapshot.kubernetes()).isNull();
    assertThat(snapshot.errors()).hasSize(1);
    return snapshot.errors().get(0).error();
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
                .withOsImage("Debian GNU/Linux 12 (bookworm)")
                .endNodeInfo()
                .endStatus()
                .build())
        .create();

    Snapshot snapshot = collect(reader("node-a"));

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
    assertThat(facts.osImage()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
    assertThat(server.getLastRequest().getPath()).isEqualTo("/api/v1/nodes/node-a");
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-1");
  }

  @Test
  void oneClientServesEveryCycleAndPicksUpTheRotatedToken() throws Exception {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("node-b").endMetadata().build())
        .create();
    NodeReader reader = reader("node-b");
    assertThat(collect(reader).errors()).isEmpty();
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-1");

    // The kubelet rotated the projected token and the API server no longer takes the old one.
    Files.writeString(dir.resolve("token"), "token-2\n");
    server.expect().get().withPath("/api/v1/nodes/node-b")
        .andReturn(401, "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"code\":401}").once();
    int before = server.getRequestCount();
    Snapshot snapshot = collect(reader);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.kubernetes()).isNotNull();
    assertThat(server.getRequestCount() - before).isEqualTo(2);
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-2");
  }

  @Test
  void cyclesShareOneHttpClientInsteadOfLeavingOneBehindEach() {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("node-c").endMetadata().build())
        .create();
    var before = Set.copyOf(Thread.getAllStackTraces().keySet());
    NodeReader reader = reader("node-c");

    for (int cycle = 0; cycle < 5; cycle++) {
      assertThat(collect(reader).errors()).isEmpty();
    }

    // The JDK's HTTP client runs one selector thread per client, for as long as the client lives.
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> !before.contains(t) && t.getName().endsWith("-SelectorManager"))
        .hasSize(1);
  }

  @Test
  void anUnknownNodeIsRecordedAsA404() {
    String error = theError(collect(reader("no-such-node")));

    assertThat(error).contains("answered 404", "no-such-node", "NODE_NAME",
        "https://localhost:" + server.getPort());
  }

  @Test
  void forbiddenAndUnauthorizedAreRecordedWithWhatToFixAndNoToken() {
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
    // Always: Fabric8 re-reads the token after a 401 and asks once more.
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/node-u")
        .andReturn(401, "{\"kind\":\"Status\"," + "\"message\":\"Unauthorized\",\"code\":401}")
        .always();

    String forbidden = theError(collect(reader("node-f")));
    String unauthorized = theError(collect(reader("node-u")));

    assertThat(forbidden).contains("answered 403", "RBAC get on nodes", "is forbidden");
    assertThat(unauthorized).contains("answered 401", "token was rejected");
    assertThat(forbidden + unauthorized).doesNotContain("token-1");
  }

  @Test
  void aTokenThatCannotGoIntoAHeaderIsRefusedWithoutQuotingIt() throws Exception {
    Files.writeString(dir.resolve("token"), "secret-part-1\nsecret-part-2\n");
    int before = server.getRequestCount();

    String error = theError(collect(reader("node-a")));

    assertThat(error).contains(dir.resolve("token").toString(), "second line");
    assertThat(error).doesNotContain("secret-part");
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void aCaThatDidNotSignTheServerIsRefused() {
    // Any other certificate: the JDK's own trust store has plenty, none of which signed the mock's.
    inCluster("localhost", server.getPort(), Path.of("src/test/resources/kubernetes/other-ca.crt"));

    assertThat(theError(collect(reader("node-a")))).contains("SSLHandshakeException");
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefused() {
    // Same server, same trusted certificate, but reached by IP: hostname verification must fail.
    inCluster("127.0.0.1", server.getPort(),
        Path.of(server.getSelfSignedCertificate().certificatePath()));

    assertThat(theError(collect(reader("node-a")))).contains("SSLHandshakeException");
  }

  @Test
  void anUnreachableApiServerIsAnErrorNotAnAbsence() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    inCluster("localhost", closed, Path.of(server.getSelfSignedCertificate().certificatePath()));

    assertThat(theError(collect(reader("node-a"))))
        .contains("reading Node 'node-a' from https://localhost:" + closed, "ConnectException");
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
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
      inCluster("localhost", silent.getLocalPort(),
          Path.of(server.getSelfSignedCertificate().certificatePath()));

      String error = theError(collect(reader("node-a", Duration.ofSeconds(2))));

      assertThat(error).contains("no answer within 2s");
    }
    for (Socket socket : accepted) {
      socket.close();
    }
  }
}
