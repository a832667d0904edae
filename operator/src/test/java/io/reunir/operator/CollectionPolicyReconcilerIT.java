package io.reunir.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reunir.contract.config.AgentConfig;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.api.Schedule;
import io.reunir.operator.status.PolicyConditions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator in-process against the Fabric8 mock server (CRUD mode): policy in, agents out. */
@EnableKubernetesMockClient(crud = true)
class CollectionPolicyReconcilerIT {
  static final String NS = "reunir";
  static final String IMAGE = "reunir/reunir-agent:test";
  KubernetesClient client;
  Operator operator;
  SimpleMeterRegistry meters;

  @BeforeEach
  void start() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-credentials").endMetadata().addToStringData("apiKey", "k").build()).create();
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("es-ca").endMetadata().addToStringData("ca.crt", "pem").build()).create();
    var settings = new OperatorSettings(Set.of(), IMAGE, "reunir-agent-node-reader", false, null, 0);
    meters = new SimpleMeterRegistry();
    operator = ReunirOperator.create(client, settings, Clock.systemUTC(), meters, false);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  @Test
  void aPolicyBecomesServiceAccountConfigMapBindingAndDaemonSetOwnedByIt() throws Exception {
    var policy = create("all-nodes", TestPolicies.spec(null));

    DaemonSet ds = awaitDaemonSet("all-nodes-agent");
    String uid = policy.getMetadata().getUid();
    assertThat(ds.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
    ServiceAccount sa = client.serviceAccounts().inNamespace(NS).withName("all-nodes-agent").get();
    assertThat(sa.getMetadata().getOwnerReferences()).extracting(o -> o.getUid()).containsExactly(uid);
    ConfigMap cm = client.configMaps().inNamespace(NS).withName("all-nodes-agent-config").get();
    assertThat(cm.getMetadata().getOwnerReferences()).extracting(o -> o.getUid()).containsExactly(uid);
    var config = AgentConfig.parse(cm.getData().get("config.json"));
    assertThat(config.clusterName()).isEqualTo("prod-eu-1");
    assertThat(config.policy()).isEqualTo("all-nodes");
    assertThat(config.probes()).containsExactly("os", "hardware", "packages", "services", "kubernetes");
    assertThat(config.elasticsearch().apiKeyFile()).isEqualTo("/etc/reunir/es/apiKey");
    assertThat(config.elasticsearch().caFile()).isEqualTo("/etc/reunir/es-ca/ca.crt");

    var pod = ds.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("all-nodes-agent");
    assertThat(pod.getTolerations()).singleElement()
        .satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(IMAGE);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts()).filteredOn(m -> m.getMountPath().startsWith("/host"))
        .isNotEmpty().allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(container.getEnv()).singleElement().satisfies(e -> {
      assertThat(e.getName()).isEqualTo("NODE_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    });

    ClusterRoleBinding crb = await().until(() -> client.rbac().clusterRoleBindings()
        .withName("reunir-agent-reunir-all-nodes").get(), b -> b != null);
    assertThat(crb.getRoleRef().getName()).isEqualTo("reunir-agent-node-reader");
    assertThat(crb.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("all-nodes-agent");
      assertThat(s.getNamespace()).isEqualTo(NS);
    });
  }

  @Test
  void aConfigOnlyChangeUpdatesTheConfigMapAndLeavesTheDaemonSetAlone() throws Exception {
    create("p", TestPolicies.spec(List.of(ProbeName.OS)));
    DaemonSet before = awaitDaemonSet("p-agent");

    edit("p", spec -> new CollectionPolicySpec(new Schedule("2h", "5m"), spec.nodes(), spec.probes(),
        spec.files(), spec.clusterName(), spec.elasticsearch(), spec.agent()));
    await().until(() -> AgentConfig.parse(configJson("p")).interval().equals("2h"));
    assertThat(AgentConfig.parse(configJson("p")).jitter()).isEqualTo("5m");
    // The same policy generation is now reconciled; the DaemonSet was not rewritten for it.
    awaitObservedGeneration("p", 2L);
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("p-agent").get()
        .getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());

    edit("p", spec -> new CollectionPolicySpec(spec.schedule(), spec.nodes(),
        List.of(ProbeName.OS, ProbeName.PACKAGES), spec.files(), spec.clusterName(),
        spec.elasticsearch(), spec.agent()));
    DaemonSet after = await().until(() -> client.apps().daemonSets().inNamespace(NS)
        .withName("p-agent").get(), d -> !d.getMetadata().getResourceVersion()
        .equals(before.getMetadata().getResourceVersion()));
    assertThat(after.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getName()).contains("host-var-lib-dpkg", "host-var-lib-rpm");
  }

  @Test
  void anInvalidPolicyDeploysNothingAndSaysWhichFieldIsWrong() {
    var spec = TestPolicies.spec(null);
    create("bad", new CollectionPolicySpec(spec.schedule(), spec.nodes(), spec.probes(), spec.files(),
        spec.clusterName(), new io.reunir.operator.api.ElasticsearchTarget(spec.elasticsearch().urls(),
            null, new io.reunir.operator.api.ElasticsearchTarget.SecretRef("missing"), null),
        spec.agent()));

    var ready = awaitCondition("bad", PolicyConditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.elasticsearch.auth.secretName").contains("missing");
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("bad-agent").get()).isNull();
    assertThat(client.configMaps().inNamespace(NS).withName("bad-agent-config").get()).isNull();
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("InvalidSpec");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("bad");
        });
  }

  @Test
  void aPolicyThatBecomesInvalidLeavesItsDaemonSetAsItWas() throws Exception {
    create("p", TestPolicies.spec(List.of(ProbeName.OS)));
    DaemonSet before = awaitDaemonSet("p-agent");

    edit("p", spec -> new CollectionPolicySpec(spec.schedule(), spec.nodes(),
        List.of(ProbeName.OS, ProbeName.OS, ProbeName.PACKAGES), spec.files(), spec.clusterName(),
        spec.elasticsearch(), spec.agent()));
    var ready = await().until(() -> condition("p", PolicyConditions.READY),
        c -> c != null && "InvalidSpec".equals(c.getReason()));
    assertThat(ready.getMessage()).contains("spec.probes[1]").contains("listed twice");
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("p-agent").get()
        .getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void namedFilesAreMountedOneByOneAndAFileInTheKubeletTreeIsRefused() throws Exception {
    var base = TestPolicies.spec(List.of(ProbeName.OS, ProbeName.FILES));
    create("f", new CollectionPolicySpec(base.schedule(), null, base.probes(),
        List.of("/opt/app/app.yaml", "/etc/hosts"), base.clusterName(), base.elasticsearch(), null));
    var volumes = awaitDaemonSet("f-agent").getSpec().getTemplate().getSpec().getVolumes();
    assertThat(volumes).filteredOn(v -> v.getHostPath() != null)
        .extracting(v -> v.getHostPath().getPath() + " " + v.getHostPath().getType())
        .containsExactlyInAnyOrder("/etc Directory", "/usr Directory", "/proc Directory",
            "/opt/app/app.yaml File");

    // A file dropped from the policy loses its mount (/etc/hosts is read through /etc).
    edit("f", spec -> new CollectionPolicySpec(spec.schedule(), spec.nodes(), spec.probes(),
        List.of("/etc/hosts"), spec.clusterName(), spec.elasticsearch(), spec.agent()));
    DaemonSet shrunk = await().atMost(Duration.ofSeconds(30)).until(
        () -> client.apps().daemonSets().inNamespace(NS).withName("f-agent").get(),
        d -> d.getSpec().getTemplate().getSpec().getVolumes().stream()
            .noneMatch(v -> v.getHostPath() != null && v.getHostPath().getPath().startsWith("/opt")));
    awaitObservedGeneration("f", 2L);

    edit("f", spec -> new CollectionPolicySpec(spec.schedule(), spec.nodes(), spec.probes(),
        List.of("/etc/hosts", "/var/lib/kubelet/pods/uid/volumes/kubernetes.io~secret/es/apiKey"),
        spec.clusterName(), spec.elasticsearch(), spec.agent()));
    var ready = await().atMost(Duration.ofSeconds(30)).until(() -> condition("f", PolicyConditions.READY),
        c -> c != null && "InvalidSpec".equals(c.getReason()));
    assertThat(ready.getMessage()).startsWith("spec.files[1]: ").contains("/var/lib/kubelet");
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("f-agent").get()
        .getMetadata().getResourceVersion()).isEqualTo(shrunk.getMetadata().getResourceVersion());
  }

  @Test
  void enablingTheContainersProbeAddsTheRuntimeStateMountsAndDisablingRemovesThem() {
    create("c", TestPolicies.spec(List.of(ProbeName.OS)));
    assertThat(runtimeMounts(awaitDaemonSet("c-agent"))).isEmpty();

    edit("c", spec -> new CollectionPolicySpec(spec.schedule(), spec.nodes(),
        List.of(ProbeName.OS, ProbeName.CONTAINERS), spec.files(), spec.clusterName(),
        spec.elasticsearch(), spec.agent()));
    var enabled = await().atMost(Duration.ofSeconds(30)).until(
        () -> client.apps().daemonSets().inNamespace(NS).withName("c-agent").get(),
        d -> !runtimeMounts(d).isEmpty());
    assertThat(runtimeMounts(enabled)).containsExactlyInAnyOrder(
        "/host/run/containerd/io.containerd.runtime.v2.task/k8s.io ro HostToContainer",
        "/host/run/containers/storage ro None",
        "/host/var/lib/containers/storage ro HostToContainer");
    assertThat(enabled.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getHostPath() != null)
        .extracting(v -> v.getHostPath().getPath() + " " + v.getHostPath().getType())
        .contains("/run/containerd/io.containerd.runtime.v2.task/k8s.io ", "/run/containers/storage ",
            "/var/lib/containers/storage ");

    edit("c", spec -> new CollectionPolicySpec(spec.schedule(), spec.nodes(), List.of(ProbeName.OS),
        spec.files(), spec.clusterName(), spec.elasticsearch(), spec.agent()));
    await().atMost(Duration.ofSeconds(30)).until(
        () -> client.apps().daemonSets().inNamespace(NS).withName("c-agent").get(),
        d -> runtimeMounts(d).isEmpty());
  }

  /** The agent's mounts of runtime state: path, read-only or not, and propagation. */
  private static List<String> runtimeMounts(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getMountPath().contains("container"))
        .map(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro " : " rw ")
            + (m.getMountPropagation() == null ? "None" : m.getMountPropagation()))
        .toList();
  }

  @Test
  void policyStatusFollowsTheDaemonSetStatus() {
    create("p", TestPolicies.spec(List.of(ProbeName.OS)));
    awaitDaemonSet("p-agent");
    var notReady = await().until(() -> condition("p", PolicyConditions.READY), c -> c != null);
    assertThat(notReady.getReason()).isEqualTo("NoNodes");

    setDaemonSetStatus("p-agent", 3, 2);
    await().until(() -> status("p").nodes() != null && status("p").nodes().ready() == 2);
    assertThat(status("p").nodes().desired()).isEqualTo(3);
    assertThat(condition("p", PolicyConditions.READY).getReason()).isEqualTo("AgentsNotReady");

    setDaemonSetStatus("p-agent", 3, 3);
    var ready = await().until(() -> condition("p", PolicyConditions.READY),
        c -> "True".equals(c.getStatus()));
    assertThat(ready.getMessage()).contains("3 nodes");
    assertThat(ready.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void theCollectNowAnnotationReachesTheAgentsAndTheStatus() throws Exception {
    create("p", TestPolicies.spec(List.of(ProbeName.OS)));
    DaemonSet before = awaitDaemonSet("p-agent");

    // A merge patch carries no resourceVersion, like kubectl annotate: no conflict with status writes.
    client.resources(CollectionPolicy.class).inNamespace(NS).withName("p").patch(
        PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + CollectionPolicy.COLLECT_NOW_ANNOTATION
            + "\":\"incident-42\"}}}");
    await().until(() -> "incident-42".equals(AgentConfig.parse(configJson("p")).collectNow()));
    var collectNow = await().until(() -> status("p").collectNow(), c -> c != null);
    assertThat(collectNow.token()).isEqualTo("incident-42");
    assertThat(collectNow.requestedAt()).isNotBlank();
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("p-agent").get()
        .getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void reconcilingAgainWritesNothing() {
    create("p", TestPolicies.spec(null));
    awaitDaemonSet("p-agent");
    // Settled: the status carries the Elasticsearch condition (the last thing a first pass writes).
    awaitCondition("p", PolicyConditions.ELASTICSEARCH_REACHABLE);
    var policyVersion = client.resources(CollectionPolicy.class).inNamespace(NS).withName("p").get()
        .getMetadata().getResourceVersion();
    var dsVersion = client.apps().daemonSets().inNamespace(NS).withName("p-agent").get()
        .getMetadata().getResourceVersion();
    var cmVersion = client.configMaps().inNamespace(NS).withName("p-agent-config").get()
        .getMetadata().getResourceVersion();
    long before = reconciles();

    // A Node joining makes every policy reconcile; nothing about this policy changed.
    client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
        .withName("new-node").endMetadata().build()).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles() > before);

    assertThat(client.resources(CollectionPolicy.class).inNamespace(NS).withName("p").get()
        .getMetadata().getResourceVersion()).isEqualTo(policyVersion);
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("p-agent").get()
        .getMetadata().getResourceVersion()).isEqualTo(dsVersion);
    assertThat(client.configMaps().inNamespace(NS).withName("p-agent-config").get()
        .getMetadata().getResourceVersion()).isEqualTo(cmVersion);
  }

  @Test
  void deletingAPolicyRemovesItsClusterRoleBinding() {
    create("p", TestPolicies.spec(null));
    await().until(() -> client.rbac().clusterRoleBindings().withName("reunir-agent-reunir-p").get() != null);

    client.resources(CollectionPolicy.class).inNamespace(NS).withName("p").delete();

    await().until(() -> client.rbac().clusterRoleBindings().withName("reunir-agent-reunir-p").get() == null);
    await().until(() -> client.resources(CollectionPolicy.class).inNamespace(NS).withName("p").get() == null);
  }

  @Test
  void withoutTheKubernetesProbeNoBindingIsMade() {
    create("p", TestPolicies.spec(List.of(ProbeName.OS)));
    awaitDaemonSet("p-agent");
    awaitObservedGeneration("p", 1L);
    assertThat(client.rbac().clusterRoleBindings().withName("reunir-agent-reunir-p").get()).isNull();
    assertThat(client.apps().daemonSets().inNamespace(NS).withName("p-agent").get()
        .getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  // --- helpers

  /** JOSDK's count of successful reconciles of the policy controller. */
  private long reconciles() {
    return (long) meters.find("operator.sdk.controllers.execution.reconcile.success")
        .tag("controller", "collectionpolicy").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private CollectionPolicy create(String name, CollectionPolicySpec spec) {
    var policy = TestPolicies.policy(NS, name, spec);
    policy.getMetadata().setUid(null);
    policy.getMetadata().setGeneration(null);
    return client.resources(CollectionPolicy.class).inNamespace(NS).resource(policy).create();
  }

  private void edit(String name, java.util.function.UnaryOperator<CollectionPolicySpec> change) {
    TestPolicies.edit(client, NS, name, change);
  }

  private DaemonSet awaitDaemonSet(String name) {
    return TestPolicies.awaitDaemonSet(client, NS, name);
  }

  private String configJson(String policy) {
    return client.configMaps().inNamespace(NS).withName(policy + "-agent-config").get()
        .getData().get("config.json");
  }

  private io.reunir.operator.api.CollectionPolicyStatus status(String name) {
    var p = client.resources(CollectionPolicy.class).inNamespace(NS).withName(name).get();
    return p.getStatus() == null ? new io.reunir.operator.api.CollectionPolicyStatus(null, null, null, null)
        : p.getStatus();
  }

  private io.fabric8.kubernetes.api.model.Condition condition(String name, String type) {
    return PolicyConditions.find(status(name).conditions(), type).orElse(null);
  }

  private io.fabric8.kubernetes.api.model.Condition awaitCondition(String name, String type) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> condition(name, type), c -> c != null);
  }

  private void awaitObservedGeneration(String name, long generation) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var s = status(name);
      return s.observedGeneration() != null && s.observedGeneration() >= generation;
    });
  }

  private void setDaemonSetStatus(String name, int desired, int ready) {
    var ds = client.apps().daemonSets().inNamespace(NS).withName(name).get();
    ds.setStatus(new DaemonSetStatusBuilder().withDesiredNumberScheduled(desired)
        .withCurrentNumberScheduled(desired).withNumberReady(ready).withUpdatedNumberScheduled(desired)
        .withNumberMisscheduled(0).build());
    client.apps().daemonSets().inNamespace(NS).resource(ds).updateStatus();
  }
}
