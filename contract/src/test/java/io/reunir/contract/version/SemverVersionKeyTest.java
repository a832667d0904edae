package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SemverVersionKeyTest {
  private static int order(String a, String b) {
    return Integer.signum(SemverVersionKey.of(a).compareTo(SemverVersionKey.of(b)));
  }

  private static void assertAscending(List<String> ascending) {
    for (int i = 0; i + 1 < ascending.size(); i++) {
      assertThat(order(ascending.get(i), ascending.get(i + 1)))
          .as("%s < %s", ascending.get(i), ascending.get(i + 1)).isEqualTo(-1);
      assertThat(order(ascending.get(i + 1), ascending.get(i))).isEqualTo(1);
    }
  }

  @Test
  void theSpecificationsOwnPrecedenceExampleHolds() {
    // SemVer 2.0.0, item 11.
    assertAscending(List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"));
  }

  @Test
  void numbersAreNumericAndWordsAscii() {
    assertAscending(List.of("1.9.0", "1.10.0", "1.10.2", "10.0.0"));
    assertAscending(List.of("1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-A", "1.0.0-a", "1.0.0-a-b",
        "1.0.0-ab", "1.0.0-b"));
  }

  @Test
  void goModuleSpellingsSort() {
    // A pseudo-version is a pre-release of its base, ordered by its timestamp.
    assertAscending(List.of("v0.0.0-20230101000000-aaaaaaaaaaaa", "v0.0.0-20240319154411-4edfe0e0a7f7",
        "v0.1.0", "v1.2.3-rc.1", "v1.2.3", "v1.2.4-0.20240101000000-bbbbbbbbbbbb", "v1.2.4"));
    assertThat(order("v1.30.2", "1.30.2")).isZero();
  }

  @Test
  void buildMetadataAndMissingNumbersDoNotChangePrecedence() {
    assertThat(order("1.0.0+build.5", "1.0.0")).isZero();
    assertThat(order("1.0.0-rc.1+exp.sha.5114f85", "1.0.0-rc.1")).isZero();
    assertThat(order("1.2", "1.2.0")).isZero();
    assertThat(order("3", "3.0.0")).isZero();
    assertThat(order("3.3.2", "3.10")).isEqualTo(-1);
  }

  @Test
  void keyHasTheDocumentedShape() {
    assertThat(SemverVersionKey.of("v1.2.3")).isEqualTo("1112132");
    assertThat(SemverVersionKey.of("1.0.0-rc.1")).isEqualTo("11001brc!a11!");
  }

  @Test
  void whatIsNotSemverHasNoKey() {
    for (String bad : List.of("", "v", "2024b", "1.2.3.4", "1..2", "1.2.3-", "1.2.3-rc..1", "1.2.3-rc_1",
        "x1.2")) {
      assertThatThrownBy(() -> SemverVersionKey.of(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid semantic version");
    }
  }
}
