package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** apk keys against a direct pairwise comparison on many generated versions, valid and not. */
class ApkVersionKeyFuzzTest {
  private static final String[] PARTS = {"0", "1", "2", "9", "10", "00", "01", ".", ".", ".0", ".1", ".00",
      ".09", ".010", "a", "z", "_alpha", "_beta", "_pre", "_rc", "_cvs", "_git", "_p", "-r", "-r1", "-r0", "_",
      "-", "~", "~ab", "~a", "~0f", "~1", "A", "18446744073709551617"};

  private static String generate(Random random) {
    var v = new StringBuilder();
    v.append(random.nextInt(12));
    for (int n = random.nextInt(7); n > 0; n--) {
      v.append(PARTS[random.nextInt(PARTS.length)]);
    }
    return v.toString();
  }

  @Test
  void keysAgreeWithApksComparisonOnGeneratedVersions() {
    Random random = new Random(314159);
    List<String> wrong = new ArrayList<>();
    int validPairs = 0;
    for (int i = 0; i < 200_000 && wrong.size() < 10; i++) {
      String a = generate(random);
      String b = random.nextInt(3) == 0 ? generate(random) : a + PARTS[random.nextInt(PARTS.length)];
      if (!ApkCompareOracle.valid(a) || !ApkCompareOracle.valid(b)) {
        continue;
      }
      validPairs++;
      int expected = ApkCompareOracle.compare(a, b);
      int actual = Integer.signum(ApkVersionKey.of(a).compareTo(ApkVersionKey.of(b)));
      if (expected != actual) {
        wrong.add(a + " vs " + b + ": apk " + expected + ", key " + actual);
      }
    }
    assertThat(validPairs).isGreaterThan(20_000);
    assertThat(wrong).isEmpty();
  }

  @Test
  void keyRejectsExactlyWhatApkRejects() {
    Random random = new Random(271828);
    for (int i = 0; i < 50_000; i++) {
      String v = generate(random);
      if (ApkCompareOracle.valid(v)) {
        assertThat(ApkVersionKey.of(v)).as(v).isNotEmpty();
      } else {
        assertThatThrownBy(() -> ApkVersionKey.of(v)).as(v).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void oracleAgreesWithTheVectorsItIsCheckedBy() {
    assertThat(ApkCompareOracle.compare("1.1_alpha", "1.1")).isEqualTo(-1);
    assertThat(ApkCompareOracle.compare("1.0_alpha", "1.0")).isEqualTo(-1);
    assertThat(ApkCompareOracle.compare("1.0", "1.00")).isEqualTo(-1);
    assertThat(ApkCompareOracle.compare("1.0~ab", "1.0-r1")).isEqualTo(1);
    assertThat(ApkCompareOracle.compare("1.1_rc1", "1.1")).isEqualTo(-1);
    assertThat(ApkCompareOracle.compare("1.0-r1", "1.0")).isEqualTo(1);
    assertThat(ApkCompareOracle.compare("0.1.0_alpha_pre2", "0.1.0_alpha")).isEqualTo(-1);
    assertThat(ApkCompareOracle.compare("1.01", "1.1")).isEqualTo(-1);
    assertThat(ApkCompareOracle.valid("1.0bc")).isFalse();
    assertThat(ApkCompareOracle.valid("1.0~ab")).isTrue();
    assertThat(ApkCompareOracle.valid("1.")).isFalse();
  }
}
