package io.reunir.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Cvss3Test {
  /** Scores as NVD publishes them for these vectors (DNSpooq, CVE-2023-28450, Log4Shell, …). */
  @ParameterizedTest
  @CsvSource({
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H, 8.1, high",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H, 7.5, high",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0, critical",
      "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N, 3.7, low",
      "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:L/A:N, 4.0, medium",
      "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8, high",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1, medium",
      "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N, 0.0, none",
  })
  void baseScoresAsNvdComputesThem(String vector, double score, String rating) {
    assertThat(Cvss3.baseScore(vector)).contains(score);
    assertThat(Cvss3.rating(score)).isEqualTo(rating);
  }

  @ParameterizedTest
  @CsvSource({"AV:N/AC:M/Au:N/C:P/I:P/A:C", "CVSS:3.1/AV:N/AC:L", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "CVSS:3.1/garbage"})
  void anIncompleteOrOtherVectorHasNoScore(String vector) {
    assertThat(Cvss3.baseScore(vector)).isEmpty();
  }
}
