package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

class ChartLintTest {
  @Test
  void lintStrictPasses() {
    var result = new Helm(ChartFiles.chart()).lint().strict().call();
    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }
}
