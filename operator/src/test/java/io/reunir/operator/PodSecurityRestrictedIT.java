package io.reunir.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.reunir.operator.api.CollectionPolicy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pod of {@code examples/default-policy.yaml}, as the operator deploys it, against every check of
 * the Kubernetes Pod Security Standards "restricted" profile (which includes "baseline"), written
 * from the standard's table. The one accepted exception: hostPath volumes, all read-only.
 */
@EnableKubernetesMockClient(crud = true)
class PodSecurityRestrictedIT {
  private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI",
      "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
  private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
      "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

  KubernetesClient client;

  @Test
  void theExamplePolicysPodPassesRestrictedExceptReadOnlyHostPaths() throws Exception {
    CollectionPolicy policy;
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("reunir.repoRoot", ".."),
        "examples/default-policy.yaml"))) {
      policy = client.getKubernetesSerialization().unmarshal(in, CollectionPolicy.class);
    }
    String ns = policy.getMetadata().getNamespace();
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
        .withName("es-credentials").endMetadata().addToStringData("apiKey", "k").build()).create();
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
        .withName("es-ca").endMetadata().addToStringData("ca.crt", "pem").build()).create();
    var operator = ReunirOperator.create(client,
        new OperatorSettings(Set.of(), "reunir/reunir-agent:test", "reunir-agent-node-reader", false,
            null, 0), Clock.systemUTC());
    operator.start();
    try {
      client.resource(policy).create();
      var ds = await().atMost(Duration.ofSeconds(30)).until(() -> client.apps().daemonSets()
          .inNamespace(ns).withName("all-nodes-agent").get(), d -> d != null);
      PodSpec pod = ds.getSpec().getTemplate().getSpec();

      assertThat(violations(pod)).isEmpty();
      // The exception, bounded: host paths exist, and each is mounted read-only.
      var hostVolumes = pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
          .map(Volume::getName).toList();
      assertThat(hostVolumes).isNotEmpty();
      for (Container c : pod.getContainers()) {
        assertThat(c.getVolumeMounts()).filteredOn(m -> hostVolumes.contains(m.getName()))
            .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
      }
    } finally {
      operator.stop();
    }
  }

  @Test
  void theChecksCatchAPrivilegedPod() {
    var pod = new io.fabric8.kubernetes.api.model.PodSpecBuilder().withHostPID(true)
        .addNewContainer().withName("c").withNewSecurityContext().withPrivileged(true)
        .withNewCapabilities().withAdd("SYS_ADMIN").endCapabilities().endSecurityContext().endContainer()
        .build();
    assertThat(violations(pod)).contains("hostPID", "c: privileged", "c: capabilities.add SYS_ADMIN",
        "c: allowPrivilegeEscalation must be false", "c: capabilities must drop ALL",
        "c: runAsNonRoot must be true", "c: seccompProfile must be RuntimeDefault or Localhost");
  }

  /** Every Pod Security Standards check (baseline + restricted) the pod fails, hostPath aside. */
  static List<String> violations(PodSpec pod) {
    List<String> v = new ArrayList<>();
    var podSc = pod.getSecurityContext();
    // baseline: host namespaces
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      v.add("hostNetwork");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      v.add("hostPID");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      v.add("hostIPC");
    }
    // baseline: sysctls
    if (podSc != null && podSc.getSysctls() != null) {
      podSc.getSysctls().stream().filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
          .forEach(s -> v.add("sysctl " + s.getName()));
    }
    // restricted: volume types (hostPath is the accepted exception)
    for (Volume vol : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
      if (vol.getHostPath() != null) {
        continue;
      }
      String type = volumeType(vol);
      if (!RESTRICTED_VOLUME_TYPES.contains(type)) {
        v.add("volume " + vol.getName() + " of type " + type);
      }
    }
    boolean podNonRoot = podSc != null && Boolean.TRUE.equals(podSc.getRunAsNonRoot());
    String podSeccomp = podSc == null || podSc.getSeccompProfile() == null ? null
        : podSc.getSeccompProfile().getType();
    if (podSc != null && podSc.getRunAsUser() != null && podSc.getRunAsUser() == 0) {
      v.add("runAsUser 0");
    }
    if ("Unconfined".equals(podSeccomp)) {
      v.add("seccompProfile Unconfined");
    }
    var containers = new ArrayList<Container>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (Container c : containers) {
      String n = c.getName() + ": ";
      var sc = c.getSecurityContext();
      if (c.getPorts() != null && c.getPorts().stream().anyMatch(p -> p.getHostPort() != null
          && p.getHostPort() != 0)) {
        v.add(n + "hostPort");
      }
      if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
        v.add(n + "privileged");
      }
      if (sc != null && sc.getWindowsOptions() != null
          && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
        v.add(n + "hostProcess");
      }
      if (sc != null && sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
        v.add(n + "procMount " + sc.getProcMount());
      }
      if (sc != null && sc.getSeLinuxOptions() != null && (sc.getSeLinuxOptions().getUser() != null
          || sc.getSeLinuxOptions().getRole() != null)) {
        v.add(n + "seLinuxOptions user/role");
      }
      if (sc != null && sc.getAppArmorProfile() != null
          && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
        v.add(n + "appArmor Unconfined");
      }
      var caps = sc == null ? null : sc.getCapabilities();
      if (caps != null && caps.getAdd() != null) {
        caps.getAdd().stream().filter(cap -> !cap.equals("NET_BIND_SERVICE"))
            .forEach(cap -> v.add(n + "capabilities.add " + cap));
      }
      // restricted
      if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add(n + "allowPrivilegeEscalation must be false");
      }
      if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        v.add(n + "capabilities must drop ALL");
      }
      boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
      if (!nonRoot) {
        v.add(n + "runAsNonRoot must be true");
      }
      if (sc != null && sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        v.add(n + "runAsUser 0");
      }
      String seccomp = sc != null && sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
          : podSeccomp;
      if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
        v.add(n + "seccompProfile must be RuntimeDefault or Localhost");
      }
    }
    return v;
  }

  private static String volumeType(Volume vol) {
    if (vol.getConfigMap() != null) {
      return "configMap";
    } else if (vol.getSecret() != null) {
      return "secret";
    } else if (vol.getEmptyDir() != null) {
      return "emptyDir";
    } else if (vol.getProjected() != null) {
      return "projected";
    } else if (vol.getDownwardAPI() != null) {
      return "downwardAPI";
    } else if (vol.getCsi() != null) {
      return "csi";
    } else if (vol.getEphemeral() != null) {
      return "ephemeral";
    } else if (vol.getPersistentVolumeClaim() != null) {
      return "persistentVolumeClaim";
    }
    return "other";
  }
}
