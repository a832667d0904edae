package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chart version, appVersion (the default image tags) and the Maven version move together. */
class ChartVersionTest {
  @Test
  void chartVersionAndAppVersionEqualTheMavenVersion() {
    Map<?, ?> chart =
        Serialization.unmarshal(
            ChartFiles.read(ChartFiles.chart().resolve("Chart.yaml")), Map.class);
    assertThat(chart.get("version")).isEqualTo(ChartVersion.maven());
    assertThat(chart.get("appVersion")).isEqualTo(ChartVersion.maven());
  }
}
