package io.reunir.agent.testing;

import java.util.List;

/**
 * What the fixture fleet ({@code hosts/fleet}, its README's table) is affected by under the fixture
 * advisories ({@code advisories/src/test/resources/osv/distros} and {@code constructed}), one line per
 * finding as {@code node package version advisory}, sorted: the oracle the in-memory rule, its
 * Elasticsearch query and the operator's fleet match must all give.
 */
public final class FleetFindings {
  public static final List<String> ALL = List.of(
      "alpine318-node dnsmasq 2.89-r2 ALPINE-CVE-2023-28450",
      "alpine318-node dnsmasq-common 2.89-r2 ALPINE-CVE-2023-28450",
      "debian10-node dnsmasq 2.80-1 DSA-4844-1",
      "debian10-node dnsmasq-base 2.80-1 DSA-4844-1",
      "debian12-node dnsmasq-base 2.89-1 DEBIAN-CVE-2023-50387",
      "debian12-node dnsmasq-base 2.89-1 TEST-RANGES-1",
      "ubuntu1404-node dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2020-25681",
      "ubuntu1404-node dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2023-28450",
      "ubuntu2204-node dnsmasq-base 2.86-1.1ubuntu0.2 UBUNTU-CVE-2023-28450");

  private FleetFindings() {}
}
