package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recommended labels everywhere; selectors only on labels that never change across upgrades. */
class ChartLabelsTest {
  private static final Map<String, String> SELECTOR =
      Map.of(
          "app.kubernetes.io/name", "reunir",
          "app.kubernetes.io/instance", RenderedChart.RELEASE,
          "app.kubernetes.io/component", "operator");

  @Test
  void everyObjectCarriesTheRecommendedLabels() {
    for (var rendered :
        List.of(RenderedChart.render(), RenderedChart.render(OperatorDeploymentTest.ALL_OPTIONS))) {
      assertThat(rendered.objects())
          .isNotEmpty()
          .allSatisfy(
              o ->
                  assertThat(o.getMetadata().getLabels())
                      .as("%s %s", o.getKind(), o.getMetadata().getName())
                      .containsKeys(
                          "app.kubernetes.io/name",
                          "app.kubernetes.io/instance",
                          "app.kubernetes.io/version",
                          "app.kubernetes.io/component",
                          "app.kubernetes.io/part-of",
                          "app.kubernetes.io/managed-by",
                          "helm.sh/chart")
                      .containsEntry("app.kubernetes.io/part-of", "reunir")
                      .containsEntry("app.kubernetes.io/version", ChartVersion.maven())
                      .containsEntry("app.kubernetes.io/managed-by", "Helm"));
    }
  }

  @Test
  void selectorsUseOnlyNameInstanceAndComponent() {
    var rendered = RenderedChart.render();
    var deployment = rendered.one(Deployment.class);
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(SELECTOR);
    assertThat(deployment.getSpec().getSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(SELECTOR);
    assertThat(rendered.one(Service.class).getSpec().getSelector()).isEqualTo(SELECTOR);
  }

  @Test
  void selectorIgnoresEveryValueButTheNames() {
    // nameOverride renames the name label; nothing else in all-options.yaml may touch the selector,
    // so an upgrade that changes image, version or pod labels keeps the immutable selector.
    var deployment = RenderedChart.render(OperatorDeploymentTest.ALL_OPTIONS).one(Deployment.class);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                "app.kubernetes.io/name", "inventory",
                "app.kubernetes.io/instance", RenderedChart.RELEASE,
                "app.kubernetes.io/component", "operator"));
  }

  @Test
  void serviceMonitorOnlyWhenEnabledAndScrapesTheMetricsService() {
    assertThat(RenderedChart.render().byKind("ServiceMonitor")).isEmpty();
    var rendered = RenderedChart.render(OperatorDeploymentTest.ALL_OPTIONS);
    var monitor = (GenericKubernetesResource) rendered.byKind("ServiceMonitor").orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    var spec = DefaultPolicyTest.asMap(monitor).get("spec");
    assertThat(spec)
        .isInstanceOfSatisfying(
            Map.class,
            s -> {
              assertThat(((Map<?, ?>) s.get("selector")).get("matchLabels"))
                  .isEqualTo(
                      Map.of(
                          "app.kubernetes.io/name", "inventory",
                          "app.kubernetes.io/instance", RenderedChart.RELEASE,
                          "app.kubernetes.io/component", "operator"));
              assertThat(s.get("endpoints"))
                  .isEqualTo(
                      List.of(
                          Map.of(
                              "port",
                              "http",
                              "path",
                              "/metrics",
                              "interval",
                              "15s",
                              "scrapeTimeout",
                              "5s")));
            });
    var service = rendered.one(Service.class);
    assertThat(service.getSpec().getType()).isEqualTo("NodePort");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getPort()).isEqualTo(9091);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
  }
}
