package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchCommandTest {
  static final String FLEET = "src/test/resources/hosts/fleet/";
  static final Path OSV = Path.of("../advisories/src/test/resources/osv");
  static final String DISTROS = OSV.resolve("distros").toString();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> findings() throws IOException {
    var rows = new ArrayList<String>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      JsonNode f = new ObjectMapper().readTree(line);
      rows.add(String.join(" ", f.at("/host/name").asText(), f.at("/package/name").asText(),
          f.at("/package/version").asText(), f.at("/vulnerability/id").asText(),
          f.at("/reunir/finding/fixed_version").asText("-"), f.at("/reunir/finding/status").asText()));
    }
    return rows;
  }

  /** Each fleet host's findings, exactly (hosts/fleet/README.md says why). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "debian10 | 1 | debian10-node dnsmasq 2.80-1 DSA-4844-1 2.80-1+deb10u1 affected_fix_available;"
          + "debian10-node dnsmasq-base 2.80-1 DSA-4844-1 2.80-1+deb10u1 affected_fix_available",
      "debian10-fixed | 0 | ",
      "debian12 | 1 | debian12-node dnsmasq-base 2.89-1 DEBIAN-CVE-2023-50387 2.90-4~deb12u1 affected_fix_available",
      "ubuntu2204 | 1 | ubuntu2204-node dnsmasq-base 2.86-1.1ubuntu0.2 UBUNTU-CVE-2023-28450 2.86-1.1ubuntu0.3"
          + " affected_fix_available",
      "ubuntu1404 | 1 | ubuntu1404-node dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2020-25681 - affected_no_fix;"
          + "ubuntu1404-node dnsmasq-base 2.68-1ubuntu0.2 UBUNTU-CVE-2023-28450 2.68-1ubuntu0.2+esm2"
          + " affected_fix_available",
      "alpine318 | 1 | alpine318-node dnsmasq 2.89-r2 ALPINE-CVE-2023-28450 2.89-r3 affected_fix_available;"
          + "alpine318-node dnsmasq-common 2.89-r2 ALPINE-CVE-2023-28450 2.89-r3 affected_fix_available",
      "alpine318-clean | 0 | ",
  })
  void eachFleetHostHasExactlyItsFindings(String host, int exit, String expected) throws IOException {
    int code = run("match", "--host-root", FLEET + host, "--advisories", DISTROS, "--format", "json");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(exit);
    assertThat(findings()).containsExactlyElementsOf(
        expected == null ? List.of() : List.of(expected.split(";")));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("reunir-agent: 10 advisories in 10 files,"
        + " 22 advisory documents, 0 entries of other ecosystems skipped, 0 unreadable; "
        + (host.startsWith("alpine318-clean") ? 1 : host.startsWith("debian10") || host.equals("debian12")
            || host.equals("alpine318") ? 3 : 2)
        + " packages; " + (expected == null ? 0 : expected.split(";").length) + " findings\n");
  }

  @Test
  void theTableIsForPeople() {
    int code = run("match", "--host-root", FLEET + "debian10", "--advisories", DISTROS);

    assertThat(code).isEqualTo(MatchCommand.FINDINGS);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "NODE           PACKAGE       VERSION  ADVISORY    CVE                FIXED           STATUS"
            + "                  SEVERITY  IN_USE",
        "debian10-node  dnsmasq       2.80-1   DSA-4844-1  CVE-2020-25681 +6  2.80-1+deb10u1  affected_fix_available"
            + "  -         unknown",
        "debian10-node  dnsmasq-base  2.80-1   DSA-4844-1  CVE-2020-25681 +6  2.80-1+deb10u1  affected_fix_available"
            + "  -         unknown");
  }

  @Test
  void aWithdrawnAdvisoryMatchesNothing() {
    int code = run("match", "--host-root", FLEET + "debian10", "--advisories",
        OSV.resolve("constructed/TEST-WITHDRAWN-1.json").toString(), "--format", "json");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void unreadableRecordsMakeExitStatusFourEvenWithFindings() throws IOException {
    int code = run("match", "--host-root", FLEET + "debian10", "--advisories",
        OSV.resolve("hostile").toString(), "--format", "json");

    assertThat(code).isEqualTo(MatchCommand.UNREAD);
    // The one good record of wrong-types.json, and the Debian:10 entry among unknown ecosystems.
    assertThat(findings()).containsExactly(
        "debian10-node dnsmasq 2.80-1 DSA-4844-1 2.80-1+deb10u1 affected_fix_available",
        "debian10-node dnsmasq 2.80-1 TEST-UNKNOWN-ECOSYSTEMS 2.80-1+deb10u1 affected_fix_available",
        "debian10-node dnsmasq-base 2.80-1 DSA-4844-1 2.80-1+deb10u1 affected_fix_available",
        "debian10-node dnsmasq-base 2.80-1 TEST-UNKNOWN-ECOSYSTEMS 2.80-1+deb10u1 affected_fix_available");
    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(errors).contains("truncated.json: record 1: malformed JSON at line",
        "wrong-types.json: record 1: TEST-BAD-AFFECTED: affected must be an array",
        "bad-version.json: TEST-BAD-VERSION: affected[0] (Debian:10 dnsmasq): fixed version is not"
            + " a valid deb version")
        .contains("3 entries of other ecosystems skipped, 7 unreadable");
  }

  @Test
  void anUnreadableAdvisoriesPathIsOneClearError(@TempDir Path tmp) {
    int code = run("match", "--host-root", FLEET + "debian10", "--advisories", tmp.resolve("nope").toString());

    assertThat(code).isEqualTo(MatchCommand.UNREAD);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("reunir-agent: cannot read advisories " + tmp.resolve("nope") + ": no such file or directory\n");
  }

  @Test
  void anEmptyDirectoryOfAdvisoriesIsNotAnError(@TempDir Path tmp) throws IOException {
    Files.createDirectories(tmp.resolve("osv"));

    assertThat(run("match", "--host-root", FLEET + "debian10", "--advisories", tmp.resolve("osv").toString()))
        .isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("0 advisories in 0 files");
  }

  @Test
  void aHostWithoutPackageDatabaseOrOsReleaseIsUnread(@TempDir Path tmp) throws IOException {
    Files.createDirectories(tmp.resolve("etc"));

    assertThat(run("match", "--host-root", tmp.toString(), "--advisories", DISTROS)).isEqualTo(MatchCommand.UNREAD);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("reunir-agent: no os-release: no advisory can"
        + " match this host");
  }

  @Test
  void usageMistakesAreExitStatusTwo() {
    assertThat(run("match", "--host-root", FLEET + "debian10")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("match needs --advisories PATH");
    assertThat(run("match", "--advisories", DISTROS, "--format", "xml")).isEqualTo(2);
  }
}
