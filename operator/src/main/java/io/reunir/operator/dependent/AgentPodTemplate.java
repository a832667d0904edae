package io.reunir.operator.dependent;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.ProbeName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The agent pod of a policy: a pure function of the policy and the default image, so tests check
 * the exact pod. Least privilege: non-root, nothing writable but /tmp, no capabilities, host paths
 * read-only and only those the enabled probes read (see {@link HostMounts}).
 */
public final class AgentPodTemplate {
  public static final String CONFIG_DIR = "/etc/reunir/config";
  public static final String ES_AUTH_DIR = "/etc/reunir/es";
  public static final String ES_CA_DIR = "/etc/reunir/es-ca";
  /** nobody: the agent needs no identity on the host, only read access to world-readable files. */
  static final long AGENT_UID = 65534L;
  /**
   * Arguments only: the image's ENTRYPOINT holds the JVM flags (agent/Dockerfile), so the footprint
   * measured for the image is the one every node gets.
   */
  static final List<String> ARGS = List.of("run", "--config", CONFIG_DIR + "/config.json");

  private AgentPodTemplate() {}

  public static PodTemplateSpec build(CollectionPolicy policy, String defaultImage) {
    return build(policy, defaultImage, List.of());
  }

  /** @param keepOff nodes an older policy keeps ({@code PolicyOverlap}); the pod never runs there */
  public static PodTemplateSpec build(CollectionPolicy policy, String defaultImage,
      List<String> keepOff) {
    var spec = policy.getSpec();
    var agent = spec.agentOrDefault();
    var mounts = HostMounts.forProbes(spec.probesOrDefault(), spec.filesOrEmpty());
    var nodes = spec.nodesOrDefault();
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(AgentLabels.of(policy)).endMetadata()
        .withNewSpec()
          .withServiceAccountName(AgentLabels.agentName(policy))
          // Only a probe that reads the API server (kubernetes: its own Node) gets the token.
          .withAutomountServiceAccountToken(readsKubernetesApi(spec.probesOrDefault()))
          .withPriorityClassName(agent.priorityClassName())
          .withTolerations(nodes.tolerations() == null ? tolerateEverything() : nodes.tolerations())
          .withAffinity(affinity(nodes.selector(), keepOff))
          .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(AGENT_UID)
            .withRunAsGroup(AGENT_UID)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
          .endSecurityContext()
          .withTerminationGracePeriodSeconds(30L)
          .withContainers(container(policy, defaultImage, mounts))
          .withVolumes(volumes(policy, mounts))
        .endSpec()
        .build();
  }

  private static Container container(CollectionPolicy policy, String defaultImage,
      List<HostMounts.HostMount> hostMounts) {
    var agent = policy.getSpec().agentOrDefault();
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(readOnly("config", CONFIG_DIR));
    if (policy.getSpec().elasticsearch().auth() != null) {
      mounts.add(readOnly("es-auth", ES_AUTH_DIR));
    }
    if (policy.getSpec().elasticsearch().tls() != null) {
      mounts.add(readOnly("es-ca", ES_CA_DIR));
    }
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    for (var host : hostMounts) {
      var mount = readOnly(host.volumeName(), host.mountPath());
      if (host.propagated()) {
        mount.setMountPropagation("HostToContainer");
      }
      mounts.add(mount);
    }
    return new ContainerBuilder()
        .withName("agent")
        .withImage(agent.image() == null ? defaultImage : agent.image())
        .withArgs(ARGS)
        .addNewEnv().withName("NODE_NAME")
          .withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom()
        .endEnv()
        .withResources(agent.resources() == null ? defaultResources() : agent.resources())
        .withSecurityContext(securityContext(policy.getSpec().probesOrDefault()))
        .withVolumeMounts(mounts)
        .build();
  }

  /**
   * Non-root with no capabilities unless a probe's catalogue entry asks for root and capabilities
   * (only libraries does). The executable of another user's process
   * ({@code /proc/PID/exe}) would need CAP_SYS_PTRACE, and that only works for root; instead the
   * services and processes probes take the program from the unit's {@code ExecStart=} or the
   * process's {@code cmdline} and say so in {@code executable_source}. Least privilege wins over
   * a slightly stronger proof.
   *
   * <p>The opt-in libraries probe has no such fallback: {@code /proc/PID/maps} of another user's
   * process opens only under ptrace read access (proc(5): PTRACE_MODE_READ_FSCREDS), i.e. with
   * CAP_SYS_PTRACE. A capability added to a non-root container stays out of its effective set
   * (Kubernetes grants no ambient capabilities), so that container runs as uid 0 with exactly that
   * one capability added. hostPID is not needed: the host's procfs is already mounted read-only and
   * the check is against the capability, not the pid namespace.
   */
  static SecurityContext securityContext(Collection<ProbeName> probes) {
    boolean root = probes.stream().anyMatch(probe -> probe.entry().privileges().root());
    var capabilities = new CapabilitiesBuilder().withDrop("ALL");
    var added = probes.stream().flatMap(probe -> probe.entry().privileges().capabilities().stream())
        .distinct().sorted().toList();
    if (!added.isEmpty()) {
      capabilities.withAdd(added);
    }
    return new SecurityContextBuilder()
        .withRunAsNonRoot(!root)
        .withRunAsUser(root ? 0L : null)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withPrivileged(false)
        .withCapabilities(capabilities.build())
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  /** Whether one of these probes reads the Kubernetes API (its catalogue entry says so). */
  static boolean readsKubernetesApi(Collection<ProbeName> probes) {
    return probes.stream().anyMatch(probe -> probe.entry().privileges().kubernetesApi());
  }

  private static List<Volume> volumes(CollectionPolicy policy, List<HostMounts.HostMount> hostMounts) {
    var es = policy.getSpec().elasticsearch();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("config")
        .withNewConfigMap().withName(AgentLabels.configMapName(policy)).endConfigMap().build());
    if (es.auth() != null) {
      volumes.add(new VolumeBuilder().withName("es-auth")
          .withNewSecret().withSecretName(es.auth().secretName()).endSecret().build());
    }
    if (es.tls() != null) {
      volumes.add(new VolumeBuilder().withName("es-ca")
          .withNewSecret().withSecretName(es.tls().caSecretName()).addNewItem().withKey("ca.crt")
          .withPath("ca.crt").endItem().endSecret().build());
    }
    volumes.add(new VolumeBuilder().withName("tmp")
        .withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
    for (var host : hostMounts) {
      volumes.add(new VolumeBuilder().withName(host.volumeName())
          .withNewHostPath().withPath(host.path()).withType(host.type()).endHostPath().build());
    }
    return volumes;
  }

  private static VolumeMount readOnly(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }

  /** Inventory must cover control-plane and tainted nodes too. */
  private static List<Toleration> tolerateEverything() {
    return List.of(new TolerationBuilder().withOperator("Exists").build());
  }

  /**
   * The policy's label selector as required node affinity (label and node operators share names),
   * and the nodes to keep off as {@code metadata.name NotIn}: a field, so exact even where the
   * hostname label differs from the node name. The DaemonSet controller decides where to run a pod
   * from this template affinity, and removes pods from nodes that stop matching it.
   */
  static Affinity affinity(LabelSelector selector, List<String> keepOff) {
    List<NodeSelectorRequirement> requirements = new ArrayList<>();
    if (selector != null && selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((k, v) ->
          requirements.add(new NodeSelectorRequirement(k, "In", List.of(v))));
    }
    if (selector != null && selector.getMatchExpressions() != null) {
      for (var e : selector.getMatchExpressions()) {
        requirements.add(new NodeSelectorRequirement(e.getKey(), e.getOperator(),
            e.getValues() == null || e.getValues().isEmpty() ? null : e.getValues()));
      }
    }
    if (requirements.isEmpty() && keepOff.isEmpty()) {
      return null;
    }
    var term = new NodeSelectorTermBuilder();
    if (!requirements.isEmpty()) {
      term.withMatchExpressions(requirements);
    }
    if (!keepOff.isEmpty()) {
      term.withMatchFields(new NodeSelectorRequirement("metadata.name", "NotIn", List.copyOf(keepOff)));
    }
    return new AffinityBuilder().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(term.build())
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().build();
  }

  private static boolean isEmpty(Object collectionOrMap) {
    return collectionOrMap == null
        || (collectionOrMap instanceof Map<?, ?> m && m.isEmpty())
        || (collectionOrMap instanceof List<?> l && l.isEmpty());
  }

  /** Small: one collection per interval, mostly file reads. Memory limit = request (no surprise OOM). */
  static ResourceRequirements defaultResources() {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("20m"))
        .addToRequests("memory", new Quantity("160Mi"))
        .addToLimits("cpu", new Quantity("500m"))
        .addToLimits("memory", new Quantity("160Mi"))
        .build();
  }
}
