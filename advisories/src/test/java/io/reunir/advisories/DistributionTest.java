package io.reunir.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.advisories.Distribution.Scope;
import org.junit.jupiter.api.Test;

class DistributionTest {
  @Test
  void mapsEachDistributionsEcosystemToTheAgentsOsAndPackageType() {
    assertThat(Distribution.of("Debian:12")).contains(new Distribution("debian", "12", Scope.VERSION, "deb", null));
    assertThat(Distribution.of("Ubuntu:22.04:LTS")).contains(new Distribution("ubuntu", "22.04", Scope.VERSION, "deb", null));
    assertThat(Distribution.of("Ubuntu:20.10")).contains(new Distribution("ubuntu", "20.10", Scope.VERSION, "deb", null));
    assertThat(Distribution.of("Ubuntu:Pro:18.04:LTS"))
        .contains(new Distribution("ubuntu", "18.04", Scope.VERSION, "deb", "pro"));
    assertThat(Distribution.of("Alpine:v3.18")).contains(new Distribution("alpine", "3.18", Scope.VERSION, "apk", null));
    assertThat(Distribution.of("AlmaLinux:9")).contains(new Distribution("almalinux", "9", Scope.VERSION, "rpm", null));
    assertThat(Distribution.of("Rocky Linux:8")).contains(new Distribution("rocky", "8", Scope.VERSION, "rpm", null));
    assertThat(Distribution.of("Red Hat:enterprise_linux:9::appstream"))
        .contains(new Distribution("rhel", "9", Scope.VERSION, "rpm", null));
    assertThat(Distribution.of("Red Hat:rhel_eus:9.2::baseos"))
        .contains(new Distribution("rhel", "9.2", Scope.VERSION, "rpm", null));
    assertThat(Distribution.of("SUSE:Linux Enterprise Server 15 SP5"))
        .contains(new Distribution(null, "SUSE Linux Enterprise Server 15 SP5", Scope.PRETTY_NAME, "rpm", null));
    assertThat(Distribution.of("openSUSE:Leap 15.5"))
        .contains(new Distribution(null, "openSUSE Leap 15.5", Scope.PRETTY_NAME, "rpm", null));
    assertThat(Distribution.of("Wolfi")).contains(new Distribution("wolfi", null, Scope.ROLLING, "apk", null));
    assertThat(Distribution.of("Chainguard")).contains(new Distribution("chainguard", null, Scope.ROLLING, "apk", null));
  }

  @Test
  void otherEcosystemsAreUnknown() {
    for (String ecosystem : new String[] {"npm", "PyPI", "Debian", "Debian:sid", "Alpine:3.18", "Ubuntu:22.04:FIPS",
        "Red Hat:openshift:4.14::el9", "Go"}) {
      assertThat(Distribution.of(ecosystem)).as(ecosystem).isEmpty();
    }
  }
}
