package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** NOTES.txt (shown after `helm install`) names the next step for the chosen values. */
class ChartNotesTest {
  @Test
  void withoutADefaultPolicyTheNotesSayHowToApplyOne() {
    var output = install();
    assertThat(output)
        .contains("rollout status deployment/inv-reunir-operator")
        .contains("create secret generic es-credentials")
        .contains("apply -f examples/default-policy.yaml")
        .contains("get cpol -w")
        .contains("docs/install.md");
  }

  @Test
  void withTheDefaultPolicyTheNotesSayWhereItSends() {
    var output = install(Path.of("src/test/resources/helm/default-policy-on.yaml"));
    assertThat(output)
        .contains("CollectionPolicy \"all-nodes\"")
        .contains("https://elasticsearch.example:9200")
        .contains("get cpol all-nodes -w")
        .doesNotContain("create secret generic");
  }

  private static String install(Path... values) {
    var install =
        new Helm(ChartFiles.chart())
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .clientOnly()
            .dryRun();
    for (var file : values) {
      install = install.withValuesFile(file);
    }
    return install.call().getOutput();
  }
}
