package io.reunir.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.NodeSelection;
import io.reunir.operator.api.ProbeName;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated DaemonSet, per probe set: only the host paths those probes read, all read-only. */
class AgentDaemonSetTest {
  private static DaemonSet build(CollectionPolicySpec spec) {
    return AgentDaemonSet.build(TestPolicies.policy("ns", "p", spec), "img:1");
  }

  private static DaemonSet build(List<ProbeName> probes) {
    return build(TestPolicies.spec(probes));
  }

  /** host path → hostPath type, for the volumes that come from the host. */
  private static Map<String, String> hostPaths(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getHostPath() != null)
        .collect(Collectors.toMap(v -> v.getHostPath().getPath(), v -> v.getHostPath().getType()));
  }

  @Test
  void kubernetesProbeAloneMountsNothingFromTheHostButGetsAToken() {
    var ds = build(List.of(ProbeName.KUBERNETES));
    assertThat(hostPaths(ds)).isEmpty();
    assertThat(ds.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
  }

  @Test
  void osProbeMountsEtcUsrAndProcOnlyAndGetsNoToken() {
    var ds = build(List.of(ProbeName.OS));
    assertThat(hostPaths(ds)).containsOnly(Map.entry("/etc", "Directory"),
        Map.entry("/usr", "Directory"), Map.entry("/proc", "Directory"));
    assertThat(ds.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void packagesProbeMountsPackageDatabasesWithoutBlockingNodesThatLackThem() {
    var paths = hostPaths(build(List.of(ProbeName.PACKAGES)));
    assertThat(paths).containsOnly(Map.entry("/var/lib/dpkg", ""), Map.entry("/var/lib/rpm", ""),
        Map.entry("/usr", "Directory"), Map.entry("/lib", "Directory"),
        // COS's package list is /etc/cos-package-info.json.
        Map.entry("/etc", "Directory"));
    assertThat(paths).doesNotContainKey("/proc").doesNotContainKey("/var/lib");
  }

  @Test
  void hardwareProbeMountsProcSysAndUdevsDeviceDatabase() {
    assertThat(hostPaths(build(List.of(ProbeName.HARDWARE))))
        .containsOnlyKeys("/proc", "/sys", "/run/udev");
  }

  @Test
  void filesProbeMountsEachFileByItselfNeverItsDirectoryUnlessAProbeMountHoldsIt() {
    var base = TestPolicies.spec(List.of(ProbeName.OS, ProbeName.FILES));
    var spec = new CollectionPolicySpec(base.schedule(), null, base.probes(),
        List.of("/etc/ssh/sshd_config", "/opt/app/conf/app.yaml", "/opt/app/conf/other.yaml",
            "/vmlinuz"),
        base.clusterName(), base.elasticsearch(), null);
    var ds = build(spec);
    assertThat(hostPaths(ds)).containsOnly(Map.entry("/etc", "Directory"),
        Map.entry("/usr", "Directory"), Map.entry("/proc", "Directory"),
        Map.entry("/opt/app/conf/app.yaml", "File"), Map.entry("/opt/app/conf/other.yaml", "File"),
        Map.entry("/vmlinuz", "File"));
    var pod = ds.getSpec().getTemplate().getSpec();
    var fileVolumes = pod.getVolumes().stream()
        .filter(v -> v.getHostPath() != null && v.getHostPath().getType().equals("File"))
        .collect(Collectors.toMap(Volume::getName, v -> v.getHostPath().getPath()));
    assertThat(fileVolumes.keySet()).hasSize(3)
        .allSatisfy(name -> assertThat(name).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"));
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> fileVolumes.containsKey(m.getName()))
        .allSatisfy(m -> {
          assertThat(m.getMountPath()).isEqualTo("/host" + fileVolumes.get(m.getName()));
          assertThat(m.getReadOnly()).isTrue();
        });
  }

  @Test
  void fileVolumeNamesStayDistinctForPathsThatDifferOnlyInCaseOrPunctuation() {
    var base = TestPolicies.spec(List.of(ProbeName.FILES));
    var spec = new CollectionPolicySpec(base.schedule(), null, base.probes(),
        List.of("/opt/App.conf", "/opt/app.conf", "/opt/app-conf", "/opt/" + "x".repeat(200)),
        base.clusterName(), base.elasticsearch(), null);
    var names = build(spec).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getHostPath() != null).map(Volume::getName).toList();
    assertThat(names).hasSize(4).doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(63));
  }

  @Test
  void everyHostMountIsReadOnlyUnderHostAndNoneUsesDirectoryOrCreate() {
    var ds = build(List.of(ProbeName.values()));
    var pod = ds.getSpec().getTemplate().getSpec();
    var hostVolumes = pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
        .map(Volume::getName).collect(Collectors.toSet());
    assertThat(hostVolumes).isNotEmpty();
    var mounts = pod.getContainers().get(0).getVolumeMounts();
    assertThat(mounts).filteredOn(m -> hostVolumes.contains(m.getName()))
        .hasSize(hostVolumes.size())
        .allSatisfy(m -> {
          assertThat(m.getReadOnly()).isTrue();
          assertThat(m.getMountPath()).startsWith("/host/");
        });
    assertThat(pod.getVolumes()).filteredOn(v -> v.getHostPath() != null)
        .allSatisfy(v -> assertThat(v.getHostPath().getType()).isIn("", "Directory", "File"));
    assertThat(pod.getHostPID()).isNull();
    assertThat(pod.getHostNetwork()).isNull();
  }

  @Test
  void nodesAnOlderPolicyKeepsAreExcludedByNameBesideTheSelector() {
    var base = TestPolicies.spec(List.of(ProbeName.OS));
    var spec = new CollectionPolicySpec(base.schedule(), new NodeSelection(new LabelSelectorBuilder()
        .addToMatchLabels("pool", "gpu").build(), null), base.probes(), null, base.clusterName(),
        base.elasticsearch(), null);
    var ds = AgentDaemonSet.build(TestPolicies.policy("ns", "p", spec), "img:1", List.of("n1", "n2"));
    var terms = ds.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    // One term: its expressions and fields must all hold (several terms would be ORed).
    assertThat(terms).singleElement().satisfies(term -> {
      assertThat(term.getMatchExpressions()).singleElement()
          .satisfies(e -> assertThat(e.getKey()).isEqualTo("pool"));
      assertThat(term.getMatchFields()).singleElement().satisfies(f -> {
        assertThat(f.getKey()).isEqualTo("metadata.name");
        assertThat(f.getOperator()).isEqualTo("NotIn");
        assertThat(f.getValues()).containsExactly("n1", "n2");
      });
    });

    var everyNode = AgentDaemonSet.build(TestPolicies.policy("ns", "p", base), "img:1", List.of("n1"));
    assertThat(everyNode.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
        .singleElement().satisfies(term -> {
          assertThat(term.getMatchExpressions()).isEmpty();
          assertThat(term.getMatchFields()).extracting(f -> f.getValues()).containsExactly(List.of("n1"));
        });
    assertThat(AgentDaemonSet.build(TestPolicies.policy("ns", "p", base), "img:1", List.of())
        .getSpec().getTemplate().getSpec().getAffinity()).isNull();
  }

  @Test
  void servicesProbeReadsUnitFilesCgroupsProcAndEveryOwnersDatabase() {
    // Owners of running programs come from dpkg's, rpm's (also under /usr) and apk's (/lib) lists.
    assertThat(hostPaths(build(List.of(ProbeName.SERVICES)))).containsOnly(
        Map.entry("/etc", "Directory"), Map.entry("/usr", "Directory"), Map.entry("/lib", "Directory"),
        Map.entry("/run/systemd", ""), Map.entry("/sys", "Directory"), Map.entry("/proc", "Directory"),
        Map.entry("/var/lib/dpkg", ""), Map.entry("/var/lib/rpm", ""));
  }

  @Test
  void noProbeSetRaisesPrivileges() {
    for (var probes : List.of(List.of(ProbeName.OS, ProbeName.HARDWARE, ProbeName.PACKAGES,
        ProbeName.SERVICES, ProbeName.KUBERNETES), List.of(ProbeName.OS),
        List.of(ProbeName.OS, ProbeName.PROCESSES))) {
      var pod = build(probes).getSpec().getTemplate().getSpec();
      var sc = pod.getContainers().get(0).getSecurityContext();
      assertThat(sc.getRunAsNonRoot()).isTrue();
      assertThat(sc.getRunAsUser()).isNull();
      assertThat(sc.getCapabilities().getAdd()).isEmpty();
      assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
      assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
      assertThat(sc.getPrivileged()).isFalse();
      assertThat(pod.getHostPID()).isNull();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65534L);
    }
  }

  /** Another user's /proc/PID/maps needs ptrace read access: root with CAP_SYS_PTRACE, nothing more. */
  @Test
  void librariesProbeAloneRunsAsRootWithOnlySysPtrace() {
    var pod = build(List.of(ProbeName.OS, ProbeName.LIBRARIES)).getSpec().getTemplate().getSpec();
    var sc = pod.getContainers().get(0).getSecurityContext();
    assertThat(sc.getRunAsUser()).isEqualTo(0L);
    assertThat(sc.getRunAsNonRoot()).isFalse();
    assertThat(sc.getCapabilities().getAdd()).containsExactly("SYS_PTRACE");
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getPrivileged()).isFalse();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    // The host's procfs is mounted, so the host's pids are readable without sharing its pid namespace.
    assertThat(pod.getHostPID()).isNull();
    assertThat(hostPaths(build(List.of(ProbeName.LIBRARIES)))).containsOnly(
        Map.entry("/proc", "Directory"), Map.entry("/usr", "Directory"), Map.entry("/lib", "Directory"),
        Map.entry("/var/lib/dpkg", ""), Map.entry("/var/lib/rpm", ""));
  }

  /**
   * The runtimes' state directories, only for the containers probe: read-only, unchecked (a node
   * runs one runtime, not both), and propagated where container roots are mounted after the agent
   * starts; root, since the runtimes keep those trees root-only.
   */
  @Test
  void containersProbeMountsTheRuntimeStateReadOnlyWithPropagationWhereRootsAreMounted() {
    var pod = build(List.of(ProbeName.OS, ProbeName.CONTAINERS)).getSpec().getTemplate().getSpec();
    var runtimeState = List.of("/run/containerd/io.containerd.runtime.v2.task/k8s.io",
        "/run/containers/storage", "/var/lib/containers/storage");
    assertThat(hostPaths(build(List.of(ProbeName.CONTAINERS)))).containsOnly(
        Map.entry(runtimeState.get(0), ""), Map.entry(runtimeState.get(1), ""),
        Map.entry(runtimeState.get(2), ""), Map.entry("/proc", "Directory"));
    var mounts = pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getMountPath().startsWith("/host/")).collect(Collectors.toMap(
            m -> m.getMountPath().substring("/host".length()), m -> m));
    assertThat(mounts.values()).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(mounts.get(runtimeState.get(0)).getMountPropagation()).isEqualTo("HostToContainer");
    assertThat(mounts.get(runtimeState.get(2)).getMountPropagation()).isEqualTo("HostToContainer");
    assertThat(mounts.get(runtimeState.get(1)).getMountPropagation()).as("bundles only, no roots").isNull();
    assertThat(mounts.get("/etc").getMountPropagation()).isNull();
    assertThat(mounts.get("/proc").getMountPropagation()).isNull();
    var sc = pod.getContainers().get(0).getSecurityContext();
    assertThat(sc.getRunAsUser()).isEqualTo(0L);
    assertThat(sc.getCapabilities().getAdd()).isEmpty();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getPrivileged()).isFalse();

    var without = build(List.of(ProbeName.OS, ProbeName.PACKAGES, ProbeName.SERVICES, ProbeName.HARDWARE,
        ProbeName.KUBERNETES, ProbeName.PROCESSES, ProbeName.LIBRARIES));
    assertThat(hostPaths(without).keySet()).as("every other probe").doesNotContainAnyElementsOf(runtimeState);
    assertThat(without.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .allSatisfy(m -> assertThat(m.getMountPropagation()).isNull());
  }

  @Test
  void onlyTmpIsWritable() {
    var container = build(List.of(ProbeName.OS)).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getVolumeMounts()).filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
        .singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void secretsAreMountedAsFilesWhereTheConfigPointsAndConfigMapAtItsDir() {
    var pod = build(List.of(ProbeName.OS)).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo("es-auth");
      assertThat(v.getSecret().getSecretName()).isEqualTo("es-credentials");
    }).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo("es-ca");
      assertThat(v.getSecret().getSecretName()).isEqualTo("es-ca");
    }).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo("config");
      assertThat(v.getConfigMap().getName()).isEqualTo("p-agent-config");
    });
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getName() + "=" + m.getMountPath())
        .contains("es-auth=/etc/reunir/es", "es-ca=/etc/reunir/es-ca", "config=/etc/reunir/config");
    assertThat(pod.getContainers().get(0).getCommand()).isEmpty();
    assertThat(pod.getContainers().get(0).getArgs()).containsExactly("run", "--config",
        "/etc/reunir/config/config.json");
  }

  @Test
  void tolerateEveryTaintByDefaultAndThePolicysTolerationsOtherwise() {
    assertThat(build(List.of(ProbeName.OS)).getSpec().getTemplate().getSpec().getTolerations())
        .singleElement().satisfies(t -> {
          assertThat(t.getOperator()).isEqualTo("Exists");
          assertThat(t.getKey()).isNull();
          assertThat(t.getEffect()).isNull();
        });
    var base = TestPolicies.spec(List.of(ProbeName.OS));
    var only = new TolerationBuilder().withKey("gpu").withOperator("Exists").withEffect("NoSchedule").build();
    var spec = new CollectionPolicySpec(base.schedule(), new NodeSelection(null, List.of(only)),
        base.probes(), null, base.clusterName(), base.elasticsearch(), null);
    assertThat(build(spec).getSpec().getTemplate().getSpec().getTolerations()).containsExactly(only);
  }

  @Test
  void theNodeSelectorBecomesRequiredNodeAffinity() {
    var base = TestPolicies.spec(List.of(ProbeName.OS));
    var selector = new LabelSelectorBuilder().addToMatchLabels("pool", "web")
        .addNewMatchExpression().withKey("zone").withOperator("NotIn").withValues("z9").endMatchExpression()
        .build();
    var spec = new CollectionPolicySpec(base.schedule(), new NodeSelection(selector, null),
        base.probes(), null, base.clusterName(), base.elasticsearch(), null);
    var terms = build(spec).getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    assertThat(terms).singleElement().satisfies(t -> assertThat(t.getMatchExpressions())
        .extracting(r -> r.getKey() + " " + r.getOperator() + " " + r.getValues())
        .containsExactly("pool In [web]", "zone NotIn [z9]"));
    assertThat(build(List.of(ProbeName.OS)).getSpec().getTemplate().getSpec().getAffinity()).isNull();
  }

  @Test
  void rollsAtMostTenPercentAndHasResourceDefaultsAndNodeName() {
    var ds = build(List.of(ProbeName.OS));
    assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal())
        .isEqualTo("10%");
    var container = ds.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("memory");
    assertThat(container.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("NODE_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    });
    assertThat(container.getImage()).isEqualTo("img:1");
  }

  @Test
  void theSameSpecGivesTheSameDaemonSetSoNothingRollsWithoutAChange() {
    assertThat(build(List.of(ProbeName.OS, ProbeName.PACKAGES)))
        .isEqualTo(build(List.of(ProbeName.OS, ProbeName.PACKAGES)));
    assertThat(build(List.of(ProbeName.OS)).getSpec().getTemplate())
        .isNotEqualTo(build(List.of(ProbeName.OS, ProbeName.PACKAGES)).getSpec().getTemplate());
  }
}
