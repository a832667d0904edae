package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator Deployment as the contract describes it: env, port, probes, restricted pod. */
class OperatorDeploymentTest {
  static final Path ALL_OPTIONS = Path.of("src/test/resources/helm/all-options.yaml");

  @Test
  void defaultsFollowTheOperatorContract() {
    var deployment = RenderedChart.render().one(Deployment.class);
    var container = onlyContainer(deployment);

    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(container.getImage()).isEqualTo("reunir/reunir-operator:" + ChartVersion.maven());
    assertThat(plainEnv(container))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "REUNIR_WATCH_NAMESPACES", "",
                "REUNIR_AGENT_IMAGE", "reunir/reunir-agent:" + ChartVersion.maven(),
                "REUNIR_AGENT_CLUSTER_ROLE", "reunir-agent-node-reader",
                "REUNIR_LEADER_ELECTION", "true",
                "REUNIR_LEADER_ELECTION_NAMESPACE", RenderedChart.NAMESPACE,
                "REUNIR_HTTP_PORT", "8080"));
    var podNamespace =
        container.getEnv().stream()
            .filter(e -> e.getName().equals("POD_NAMESPACE"))
            .findFirst()
            .orElseThrow();
    assertThat(podNamespace.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");

    assertThat(container.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080))
        .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void podMeetsTheRestrictedProfileWithDefaultsAndWithEveryOption() {
    for (var rendered :
        new RenderedChart[] {RenderedChart.render(), RenderedChart.render(ALL_OPTIONS)}) {
      var pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
      assertThat(RestrictedProfile.violations(pod)).isEmpty();
      var sc = pod.getContainers().get(0).getSecurityContext();
      assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
      assertThat(pod.getContainers().get(0).getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(pod.getAutomountServiceAccountToken()).isNotEqualTo(false);
    }
  }

  @Test
  void everyOptionReachesThePod() {
    var deployment = RenderedChart.render(ALL_OPTIONS).one(Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = onlyContainer(deployment);

    assertThat(deployment.getMetadata().getName()).isEqualTo("acme-inventory-operator");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(container.getImage()).isEqualTo("registry.example/reunir/operator:9.9.9");
    assertThat(container.getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getImagePullSecrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-pull"));
    assertThat(pod.getServiceAccountName()).isEqualTo("acme-operator-sa");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/owner", "platform");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "platform");
    assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("1");
    assertThat(plainEnv(container))
        .containsEntry("REUNIR_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("REUNIR_AGENT_IMAGE", "registry.example/reunir/agent:9.9.9")
        .containsEntry("REUNIR_AGENT_CLUSTER_ROLE", "acme-agent-node-reader")
        .containsEntry("REUNIR_LEADER_ELECTION", "true")
        .containsEntry("REUNIR_HTTP_PORT", "9090");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9090);
  }

  private static Container onlyContainer(Deployment deployment) {
    var containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Map<String, String> plainEnv(Container container) {
    var env = new LinkedHashMap<String, String>();
    for (EnvVar e : container.getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
      }
    }
    return env;
  }
}
