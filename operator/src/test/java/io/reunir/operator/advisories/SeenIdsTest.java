package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenIdsTest {
  @Test
  void everyIdAddedIsSeenAndFewOthersAre() {
    var seen = new SeenIds();
    int n = 500_000;
    for (int i = 0; i < n; i++) {
      seen.add("DSA-" + i + "-1/Debian:12/pkg" + (i % 977) + "/0");
    }
    for (int i = 0; i < n; i++) {
      assertThat(seen.mightContain("DSA-" + i + "-1/Debian:12/pkg" + (i % 977) + "/0")).isTrue();
    }
    int falsePositives = 0;
    for (int i = 0; i < n; i++) {
      if (seen.mightContain("USN-" + i + "-1/Ubuntu:22.04:LTS/pkg" + (i % 977) + "/0")) {
        falsePositives++;
      }
    }
    // A kept stale document per thousand at most, at the size of a whole distribution's export.
    assertThat(falsePositives).isLessThan(n / 1000);
  }

  @Test
  void anEmptyFilterHasSeenNothing() {
    assertThat(new SeenIds().mightContain("DSA-4844-1/Debian:10/dnsmasq/0")).isFalse();
  }
}
