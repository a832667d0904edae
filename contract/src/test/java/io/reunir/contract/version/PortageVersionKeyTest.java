package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pairs are the orders the Package Manager Specification and portage's vercmp give. */
class PortageVersionKeyTest {
  private static int order(String a, String b) {
    return Integer.signum(PortageVersionKey.of(a).compareTo(PortageVersionKey.of(b)));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = ' ', value = {
      "6.0 > 5.0",
      "5.0 > 5",
      "1.0-r1 > 1.0-r0",
      "1.0-r1 > 1.0",
      "999999999999999999999999999999 > 999999999999999999999999999998",
      "1.0.0 > 1.0",
      "1.0.0 > 1.0b",
      "1b > 1",
      "1b_p1 > 1_p1",
      "1.1b > 1.1",
      "12.2.5 > 12.2b",
      "1.0_pre2 < 1.0_p2",
      "1.0_alpha2 < 1.0_p2",
      "1.0_alpha1 < 1.0_beta1",
      "1.0_beta3 < 1.0_rc3",
      "1.001000000000000000001 < 1.001000000000000000002",
      "1.00100000000 < 1.0010000000000000001",
      "1.01 < 1.1",
      "1.001 < 1.01",
      "1.05 < 1.5",
      "1.10 > 1.01",
      "1.0 < 1.05",
      "1.0-r0 = 1.0",
      "1.0 = 1.00",
      "01.2 = 1.2",
      "1.0_p = 1.0_p0",
      "1.0_rc = 1.0_rc0",
      "0 < 0.0",
      "1.0_alpha < 1.0_pre",
      "1.0_rc9 < 1.0_rc10",
      "1.0_rc1 < 1.0",
      "1.0 < 1.0_p",
      "1.0_p1 < 1.0_p1_p1",
      "1.0_p1_alpha < 1.0_p1",
      "1.0_p1-r9 < 1.0_p2",
      "1.0z < 1.0.1",
      "6.4_p20230401 < 6.4_p20230424",
      "2.0.1-r1 < 2.0.1-r10",
      "1.2.11-r5 < 1.2.13",
  })
  void followsPortage(String a, String op, String b) {
    int expected = switch (op) {
      case "<" -> -1;
      case "=" -> 0;
      default -> 1;
    };
    assertThat(order(a, b)).as("%s %s %s", a, op, b).isEqualTo(expected);
    assertThat(order(b, a)).as("reversed").isEqualTo(-expected);
  }

  @Test
  void aLadderSortsInOrder() {
    List<String> ascending = List.of("1", "1.0", "1.0.0", "1.0.0a", "1.0.0z", "1.0.01", "1.0.1_alpha",
        "1.0.1_alpha1", "1.0.1_beta", "1.0.1_pre", "1.0.1_rc", "1.0.1_rc1", "1.0.1", "1.0.1-r1",
        "1.0.1_p", "1.0.1_p1", "1.0.1_p1-r2", "1.0.2", "1.1", "1.10", "2");
    assertThat(ascending.stream().sorted((a, b) -> PortageVersionKey.of(a).compareTo(PortageVersionKey.of(b)))
        .toList()).containsExactlyElementsOf(ascending);
  }

  @Test
  void keyHasTheDocumentedShape() {
    assertThat(PortageVersionKey.of("1.02b_rc1-r3")).isEqualTo("11B02!AbD11E13");
  }

  @Test
  void whatPortageRejectsHasNoKey() {
    for (String bad : List.of("", "v1", "1.2-beta", "1..2", "1.2_foo", "1.2ab", "1.2-r", "1.2 ", "a1")) {
      assertThat(PortageVersionKey.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> PortageVersionKey.of(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid portage version");
    }
  }
}
