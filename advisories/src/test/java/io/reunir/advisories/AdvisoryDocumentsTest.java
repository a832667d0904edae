package io.reunir.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.advisories.AdvisoryDocument.Status;
import io.reunir.contract.version.VersionKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryDocumentsTest {
  static final List<String> DNSPOOQ = List.of("CVE-2020-25681", "CVE-2020-25682", "CVE-2020-25683",
      "CVE-2020-25684", "CVE-2020-25685", "CVE-2020-25686", "CVE-2020-25687");

  @Test
  void aDebianSecurityAdvisoryIsOneDocumentForItsSourcePackageAndRelease() {
    var conversion = Osv.convert("distros/debian/DSA-4844-1.json");

    assertThat(conversion.unknownEcosystems()).isZero();
    assertThat(conversion.problems()).isEmpty();
    AdvisoryDocument doc = conversion.documents().get(0);
    assertThat(conversion.documents()).hasSize(1);
    assertThat(doc.id()).isEqualTo("DSA-4844-1/Debian:10/dnsmasq/0");
    assertThat(doc.aliases()).isEqualTo(DNSPOOQ);
    assertThat(doc.distribution()).isEqualTo(Distribution.of("Debian:10").orElseThrow());
    assertThat(doc.packageName()).isEqualTo("dnsmasq");
    assertThat(doc.status()).isEqualTo(Status.FIXED);
    assertThat(doc.range()).isEqualTo(new AffectedRange(null, null, "2.80-1+deb10u1",
        VersionKey.of("deb", "2.80-1+deb10u1"), null, null, null, null));
    assertThat(doc.advisoryUrl()).isEqualTo("https://www.debian.org/security/2021/dsa-4844");
    assertThat(doc.severity()).isEqualTo(Severity.NONE);

    var json = doc.toDocument();
    assertThat(json.at("/vulnerability/id").asText()).isEqualTo("DSA-4844-1");
    assertThat(json.at("/host/os/platform").asText()).isEqualTo("debian");
    assertThat(json.at("/package/type").asText()).isEqualTo("deb");
    assertThat(json.at("/reunir/advisory/release").asText()).isEqualTo("10");
    assertThat(json.at("/reunir/advisory/fixed").asText()).isEqualTo("2.80-1+deb10u1");
    assertThat(json.at("/reunir/advisory/fixed_key").asText()).isEqualTo(VersionKey.of("deb", "2.80-1+deb10u1"));
    assertThat(json.at("/reunir/advisory/introduced_key").isMissingNode()).isTrue();
    assertThat(json.at("/@timestamp").asText()).isEqualTo("2021-02-02T00:00:00Z");
  }

  @Test
  void anUbuntuCveRecordIsOneDocumentPerReleaseWithItsPriorityAndNoFixForTheProRelease() {
    var docs = Osv.convert("distros/ubuntu/UBUNTU-CVE-2020-25681.json").documents();

    assertThat(docs).extracting(AdvisoryDocument::ecosystem).containsExactly(
        "Ubuntu:Pro:14.04:LTS", "Ubuntu:16.04:LTS", "Ubuntu:18.04:LTS", "Ubuntu:20.04:LTS");
    assertThat(docs).extracting(d -> d.range().fixed()).containsExactly(null,
        "2.75-1ubuntu0.16.04.7", "2.79-1ubuntu0.2", "2.80-1.1ubuntu1.2");
    assertThat(docs.get(0).status()).isEqualTo(Status.NO_FIX);
    assertThat(docs.get(0).distribution().subscription()).isEqualTo("pro");
    assertThat(docs.get(1).status()).isEqualTo(Status.FIXED);
    assertThat(docs).allSatisfy(d -> {
      assertThat(d.aliases()).containsExactly("CVE-2020-25681");
      assertThat(d.related()).containsExactly("USN-4698-1");
      assertThat(d.severity()).isEqualTo(new Severity("medium", 8.1,
          "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "ecosystem_specific.ubuntu_priority"));
    });
    assertThat(docs.get(3).binaries()).containsExactly("dnsmasq", "dnsmasq-base", "dnsmasq-base-lua",
        "dnsmasq-utils");
    assertThat(docs.get(0).toDocument().at("/reunir/advisory/status").asText()).isEqualTo("no_fix");
  }

  @Test
  void aUsnNamesItsCvesThroughUpstream() {
    var docs = Osv.convert("distros/ubuntu/USN-4698-1.json").documents();

    assertThat(docs.get(0).aliases()).containsExactly("CVE-2019-14834", "CVE-2020-25681",
        "CVE-2020-25682", "CVE-2020-25683", "CVE-2020-25684", "CVE-2020-25685", "CVE-2020-25686",
        "CVE-2020-25687");
  }

  @Test
  void epochsAreComparedAsTheDistributionComparesThem() {
    AdvisoryDocument deb = Osv.convert("distros/debian/DLA-4123-1.json").documents().get(0);
    assertThat(deb.range().fixed()).isEqualTo("2:2.9.0-21+deb11u3");
    assertThat(deb.range().fixedKey()).isEqualTo(VersionKey.of("deb", "2:2.9.0-21+deb11u3"))
        .isGreaterThan(VersionKey.of("deb", "9.9-1"));

    var rpm = Osv.convert("distros/almalinux/ALSA-2023-0946.json");
    assertThat(rpm.documents()).extracting(AdvisoryDocument::id).containsExactly(
        "ALSA-2023:0946/AlmaLinux:9/openssl-perl/0", "ALSA-2023:0946/AlmaLinux:9/openssl-devel/0",
        "ALSA-2023:0946/AlmaLinux:9/openssl-devel/0");
    AdvisoryDocument doc = rpm.documents().get(0);
    assertThat(doc.range().fixedKey()).isEqualTo(VersionKey.of("rpm", "1:3.0.1-47.el9_1"))
        .isGreaterThan(VersionKey.of("rpm", "3.5.0-1.el9"));
    assertThat(doc.severity()).isEqualTo(new Severity("moderate", null, null, "summary"));
    assertThat(doc.aliases()).hasSize(8).startsWith("CVE-2022-4203");
  }

  @Test
  void alpineAndDebianCveRecordsTakeTheirCveFromTheirIdAndUpstream() {
    var alpine = Osv.convert("distros/alpine/ALPINE-CVE-2020-25681.json").documents();
    assertThat(alpine).extracting(d -> d.distribution().release()).containsExactly("3.13", "3.18");
    assertThat(alpine.get(0).aliases()).containsExactly("CVE-2020-25681");
    assertThat(alpine.get(0).range().fixedKey()).isEqualTo(VersionKey.of("apk", "2.83-r0"));
    assertThat(alpine.get(0).severity().level()).isEqualTo("high");
    assertThat(alpine.get(0).severity().source()).isEqualTo("cvss");

    AdvisoryDocument debian = Osv.convert("distros/debian/DEBIAN-CVE-2023-50387.json").documents().get(0);
    assertThat(debian.aliases()).containsExactly("CVE-2023-50387");
    assertThat(debian.severity().score()).isEqualTo(7.5);
  }

  @Test
  void aWithdrawnRecordKeepsItsDocumentsWithoutAnyRange() {
    var docs = Osv.convert("constructed/TEST-WITHDRAWN-1.json").documents();

    assertThat(docs).singleElement().satisfies(d -> {
      assertThat(d.status()).isEqualTo(Status.WITHDRAWN);
      assertThat(d.range()).isNull();
      assertThat(d.withdrawn()).hasToString("2021-03-01T00:00:00Z");
      assertThat(d.toDocument().at("/reunir/advisory/fixed_key").isMissingNode()).isTrue();
    });
  }

  @Test
  void eventsAreSortedIntoIntervalsAndEachIntervalIsADocument() {
    var docs = Osv.convert("constructed/TEST-RANGES-1.json").documents();

    assertThat(docs).extracting(AdvisoryDocument::range).containsExactly(
        new AffectedRange(null, null, "2.80-1", key("2.80-1"), null, null, null, null),
        new AffectedRange("2.85-1", key("2.85-1"), "3.0-1", key("3.0-1"), null, null, null, null),
        new AffectedRange("4.0-1", key("4.0-1"), null, null, "4.2-1", key("4.2-1"), null, null),
        new AffectedRange("5.0-1", key("5.0-1"), null, null, null, null, "5.5-1", key("5.5-1")));
    assertThat(docs).extracting(AdvisoryDocument::rangeIndex).containsExactly(0, 1, 2, 3);
    assertThat(docs).extracting(AdvisoryDocument::status).containsExactly(Status.FIXED, Status.FIXED,
        Status.NO_FIX, Status.NO_FIX);
  }

  @Test
  void unknownEcosystemsAreSkippedAndCountedNotErrors() {
    var conversion = Osv.convert("hostile/unknown-ecosystems.json");

    assertThat(conversion.unknownEcosystems()).isEqualTo(3);
    assertThat(conversion.problems()).isEmpty();
    assertThat(conversion.documents()).extracting(AdvisoryDocument::ecosystem).containsExactly("Debian:10");
  }

  @Test
  void aVersionThePackageManagerRefusesIsAProblemNamingTheEntryAndTheOthersConvert() {
    var conversion = Osv.convert("hostile/bad-version.json");

    assertThat(conversion.problems()).containsExactly(
        "TEST-BAD-VERSION: affected[0] (Debian:10 dnsmasq): fixed version is not a valid deb version");
    assertThat(conversion.documents()).extracting(AdvisoryDocument::packageName).containsExactly("dnsmasq-extra");
  }

  private static String key(String version) {
    return VersionKey.of("deb", version);
  }
}
