package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApkVersionKeyTest {
  private static final Path DATA = Path.of("src/test/resources/version");

  private static int order(String a, String b) {
    return Integer.signum(ApkVersionKey.of(a).compareTo(ApkVersionKey.of(b)));
  }

  private static List<String[]> rows(String file) throws IOException {
    return Files.readAllLines(DATA.resolve(file), StandardCharsets.US_ASCII).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("\t", -1))
        .toList();
  }

  @Test
  void everyPairOfApkToolsTestDataIsInApksOrder() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<String[]> pairs = rows("apk-version-order.tsv");
    for (String[] pair : pairs) {
      int expected = pair[2].equals("same") ? 0 : -1;
      String line = String.join(" ", pair);
      if (order(pair[0], pair[1]) != expected || order(pair[1], pair[0]) != -expected) {
        wrong.add(line + " (keys " + ApkVersionKey.of(pair[0]) + " " + ApkVersionKey.of(pair[1]) + ")");
      }
      // The oracle the fuzz test trusts must hold on the same facts.
      if (ApkCompareOracle.compare(pair[0], pair[1]) != expected) {
        wrong.add("oracle: " + line);
      }
    }
    assertThat(pairs).hasSizeGreaterThan(650);
    assertThat(wrong).isEmpty();
  }

  @Test
  void keysExistForExactlyTheVersionsApkAccepts() throws IOException {
    List<String[]> verdicts = rows("apk-version-grammar.tsv");
    for (String[] row : verdicts) {
      String version = row[1].equals("\"\"") ? "" : row[1];
      assertThat(ApkCompareOracle.valid(version)).as("oracle on '%s'", version).isEqualTo(row[0].equals("valid"));
      if (row[0].equals("valid")) {
        assertThat(ApkVersionKey.of(version)).as(version).matches("[\\x21-\\x7e]+");
      } else {
        assertThatThrownBy(() -> ApkVersionKey.of(version)).as(version)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid apk version");
      }
    }
    assertThat(verdicts.stream().filter(r -> r[0].equals("invalid"))).hasSizeGreaterThan(20);
  }

  @Test
  void aPreReleaseAfterAZeroPartIsOlderThanTheRelease() {
    // The case users hit: an rc of a fix must not look newer than the fix.
    assertThat(order("3.0.0_rc1", "3.0.0")).isEqualTo(-1);
    assertThat(order("3.0.0_rc1-r0", "3.0.0-r0")).isEqualTo(-1);
    assertThat(order("6.0_pre1", "6.0")).isEqualTo(-1);
    assertThat(order("1.0_alpha", "1.0")).isEqualTo(-1);
    assertThat(order("6.0_p1", "6.0")).isEqualTo(1);
    assertThat(order("3.0.0_rc9", "3.0.0_rc10")).isEqualTo(-1);
  }

  @Test
  void aCommitHashSortsAfterTheRevisionAndBeforeASuffix() {
    assertThat(ApkVersionKey.of("1.2.3~abcdef")).isNotEmpty();
    List<String> ascending = List.of("1.2.3_rc1", "1.2.3", "1.2.3-r1", "1.2.3~0", "1.2.3~ab", "1.2.3~ab-r0",
        "1.2.3~ab-r1", "1.2.3~abc", "1.2.3~b", "1.2.3_p1", "1.2.3a", "1.2.4");
    for (int i = 0; i + 1 < ascending.size(); i++) {
      String a = ascending.get(i);
      String b = ascending.get(i + 1);
      assertThat(order(a, b)).as("%s < %s", a, b).isEqualTo(-1);
      assertThat(ApkCompareOracle.compare(a, b)).as("oracle %s < %s", a, b).isEqualTo(-1);
    }
    for (String bad : List.of("1.2.3~", "1.2.3~ABC", "1.2.3~abg", "1.2.3~ab~cd", "1.2.3-r1~ab", "1.2.3~ab_p1")) {
      assertThatThrownBy(() -> ApkVersionKey.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void zeroLedPartsCompareAsStringsAsInApkTools3() {
    // apk-tools 2.14 answers the second and third the other way (it ranks by the count of zeros).
    assertThat(order("1.01", "1.1")).isEqualTo(-1);
    assertThat(order("1.0", "1.00")).isEqualTo(-1);
    assertThat(order("1.09", "1.010")).isEqualTo(1);
    assertThat(order("1.010", "1.01")).isEqualTo(1);
    assertThat(order("1.05", "1.10")).isEqualTo(-1);
    assertThat(order("01.1", "1.1")).isZero();
  }

  @Test
  void numbersWrapAt64BitsAsInApk() {
    assertThat(order("1_p18446744073709551616", "1_p0")).isZero();
    assertThat(order("1_p18446744073709551615", "1_p18446744073709551614")).isEqualTo(1);
    assertThat(order("1.123456789012345678901", "1.99")).isEqualTo(
        ApkCompareOracle.compare("1.123456789012345678901", "1.99"));
  }

  @Test
  void formsOnlyApkTools2AcceptedAreRejected() {
    for (String bad : List.of("1.", "1_", "1-r", "1.0a1", "1.0bc", "23_foo", "1.0-r1.2", "", "1.0 ", "1a.2",
        "1.0-R1", "1.0_RC1", "v1.0")) {
      assertThatThrownBy(() -> ApkVersionKey.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void alpineVersionsHaveKeysInApkOrder() throws IOException {
    List<String> versions = Files.readAllLines(
        SharedFixtures.dir("hosts/alpine-3.14").resolve("lib/apk/db/installed")).stream()
        .filter(l -> l.startsWith("V:")).map(l -> l.substring(2)).toList();
    assertThat(versions).hasSize(26);
    versions.forEach(v -> assertThat(ApkVersionKey.of(v)).matches("[\\x21-\\x7e]+"));
    assertThat(order("10.3.1_git20210424-r2", "10.3.1-r2")).isEqualTo(1);
    assertThat(order("10.3.1_git20210424-r2", "10.3.1_git20210425")).isEqualTo(-1);
    assertThat(order("1.1.1k-r0", "1.1.1-r0")).isEqualTo(1);
    assertThat(order("1.1.1k-r0", "1.1.1l-r0")).isEqualTo(-1);
    assertThat(order("20191127-r5", "20191127-r4")).isEqualTo(1);
    assertThat(order("3.2.0-r16", "3.2.0-r9")).isEqualTo(1);
  }
}
