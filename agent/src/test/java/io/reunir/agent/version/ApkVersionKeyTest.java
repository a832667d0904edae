package io.reunir.agent.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApkVersionKeyTest {
  private static int order(String a, String b) {
    return Integer.signum(ApkVersionKey.of(a).compareTo(ApkVersionKey.of(b)));
  }

  private static int op(String op) {
    return switch (op) {
      case "<" -> -1;
      case "=" -> 0;
      case ">" -> 1;
      default -> throw new IllegalArgumentException(op);
    };
  }

  @Test
  void apkToolsOwnVectorsHold() throws IOException {
    List<String> lines = Files.readAllLines(
        Path.of("src/test/resources/version/apk-tools-version.data"), StandardCharsets.US_ASCII);
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split("\\s+");
      int expected = op(parts[1]);
      checked++;
      if (order(parts[0], parts[2]) != expected) {
        wrong.add(line + " (keys " + ApkVersionKey.of(parts[0]) + " " + ApkVersionKey.of(parts[2]) + ")");
      }
      if (order(parts[2], parts[0]) != -expected) {
        wrong.add("reversed: " + line);
      }
    }
    assertThat(checked).isGreaterThan(80);
    assertThat(wrong).isEmpty();
  }

  @Test
  void suffixesAndRevisionsFollowApk() {
    // apk: pre-release suffixes < plain < -rN < post-release suffixes (a newer upstream snapshot).
    List<String> ascending = List.of("1.1_alpha", "1.1_alpha1", "1.1_beta", "1.1_pre", "1.1_rc",
        "1.1_rc9", "1.1_rc10", "1.1", "1.1-r1", "1.1-r2", "1.1-r10", "1.1_cvs", "1.1_svn",
        "1.1_git", "1.1_hg", "1.1_p", "1.1_p1", "1.1_p1-r1", "1.1a", "1.1b", "1.1.1", "1.2");
    for (int i = 0; i + 1 < ascending.size(); i++) {
      assertThat(order(ascending.get(i), ascending.get(i + 1)))
          .as("%s < %s", ascending.get(i), ascending.get(i + 1)).isEqualTo(-1);
    }
  }

  @Test
  void leadingZerosAreApksSpecialCase() {
    assertThat(order("1.01", "1.1")).isEqualTo(-1);
    assertThat(order("1.001", "1.01")).isEqualTo(-1);
    assertThat(order("1.0", "1.00")).isEqualTo(1);
    assertThat(order("1.010", "1.01")).isEqualTo(1);
    assertThat(order("1.0", "1.0")).isZero();
  }

  @Test
  void aSuffixAfterAZeroPartSortsAsApkToolsTwoDoes() {
    // apk-tools 2.x reads the digits after a leading-zero part as one more number token, so
    // "1.0_rc1" goes on with a number where "1.0" ends: it sorts after. The key keeps apk's answer.
    assertThat(order("1.0_rc1", "1.0")).isEqualTo(1);
    assertThat(order("1.0_rc1", "1.0_rc2")).isEqualTo(-1);
    assertThat(order("1.0_rc1", "1.0.1")).isEqualTo(-1);
  }

  @Test
  void alpineFixtureVersionsHaveKeysInApkOrder() throws IOException {
    List<String> versions = Files.readAllLines(
        Path.of("src/test/resources/hosts/alpine-3.14/lib/apk/db/installed")).stream()
        .filter(l -> l.startsWith("V:")).map(l -> l.substring(2)).toList();
    assertThat(versions).hasSize(26);
    versions.forEach(v -> assertThat(ApkVersionKey.of(v)).matches("[\\x21-\\x7e]+"));
    assertThat(order("10.3.1_git20210424-r2", "10.3.1-r2")).isEqualTo(1);
    assertThat(order("10.3.1_git20210424-r2", "10.3.1_git20210425")).isEqualTo(-1);
    assertThat(order("1.1.1k-r0", "1.1.1-r0")).isEqualTo(1);
    assertThat(order("1.1.1k-r0", "1.1.1l-r0")).isEqualTo(-1);
    assertThat(order("1.1.1k-r0", "1.1.2-r0")).isEqualTo(-1);
    assertThat(order("20191127-r5", "20191127-r4")).isEqualTo(1);
    assertThat(order("3.2.0-r16", "3.2.0-r9")).isEqualTo(1);
  }

  @Test
  void invalidVersionsHaveNoKey() {
    for (String bad : List.of("1.0bc", "23_foo", "4_beta-x", "1.0-r1.2", "1..a.", "", "1.0 ", "1a.2")) {
      assertThatThrownBy(() -> ApkVersionKey.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void versionsEndingInASeparatorCompareAsApkReadsThem() {
    // apk gives the cut-off token the value 0: "1." is a ".0" part without apk's leading-zero rule.
    assertThat(order("1.", "1")).isEqualTo(1);
    assertThat(order("1.", "1.0")).isEqualTo(1);
    assertThat(order("1.", "1.1")).isEqualTo(-1);
  }
}
