package io.reunir.advisories.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.Fields;
import io.reunir.advisories.osv.OsvAdvisory;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.contract.doc.Doc;
import io.reunir.contract.version.VersionKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchRuleTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  /** A package document as the agent renders it (nested, the packages index's field names). */
  static ObjectNode pkg(String node, String platform, String osVersion, String type, String name,
      String source, String version) {
    return new Doc().put("host.name", node).put("host.os.platform", platform)
        .put("host.os.version", osVersion).put("package.type", type).put("package.name", name)
        .put("package.architecture", "amd64").put("package.version", version)
        .put("reunir.package.source", source).put("reunir.package.version_key", VersionKey.of(type, version))
        .json();
  }

  static List<AdvisoryDocument> docs(String relative) throws IOException {
    var docs = new ArrayList<AdvisoryDocument>();
    OsvReader.read(Path.of("src/test/resources/osv").resolve(relative),
        (OsvAdvisory a) -> docs.addAll(AdvisoryDocuments.of(a).documents()));
    return docs;
  }

  @Test
  void aBinaryOfTheSourcePackageOlderThanTheFixOnTheReleaseIsAffected() throws IOException {
    AdvisoryDocument dsa = docs("distros/debian/DSA-4844-1.json").get(0);
    MatchRule rule = MatchRule.of(dsa).orElseThrow();

    assertThat(rule.matches(pkg("n", "debian", "10", "deb", "dnsmasq-base", "dnsmasq", "2.80-1"))).isTrue();
    assertThat(rule.matches(pkg("n", "debian", "10", "deb", "dnsmasq", "dnsmasq", "2.80-1"))).isTrue();
    assertThat(rule.matches(pkg("n", "debian", "10", "deb", "dnsmasq-base", "dnsmasq", "2.80-1+deb10u1")))
        .as("the fixed version").isFalse();
    assertThat(rule.matches(pkg("n", "debian", "10", "deb", "dnsmasq-base", "dnsmasq", "2.85-1")))
        .as("newer than the fix").isFalse();
    assertThat(rule.matches(pkg("n", "debian", "11", "deb", "dnsmasq-base", "dnsmasq", "2.80-1")))
        .as("another release").isFalse();
    assertThat(rule.matches(pkg("n", "ubuntu", "10", "deb", "dnsmasq-base", "dnsmasq", "2.80-1")))
        .as("another distribution").isFalse();
    assertThat(rule.matches(pkg("n", "debian", "10", "deb", "dnsmasq-extra", "other", "2.80-1")))
        .as("another package").isFalse();
  }

  @Test
  void aReleaseMatchesTheHostsPointReleasesButNotALongerNumber() throws IOException {
    MatchRule rule = MatchRule.of(docs("distros/alpine/ALPINE-CVE-2023-28450.json").get(0)).orElseThrow();

    assertThat(rule.matches(pkg("n", "alpine", "3.18.4", "apk", "dnsmasq", "dnsmasq", "2.89-r2"))).isTrue();
    assertThat(rule.matches(pkg("n", "alpine", "3.18", "apk", "dnsmasq", "dnsmasq", "2.89-r2"))).isTrue();
    assertThat(rule.matches(pkg("n", "alpine", "3.180.1", "apk", "dnsmasq", "dnsmasq", "2.89-r2"))).isFalse();
    assertThat(rule.matches(pkg("n", "alpine", "3.18.4", "apk", "dnsmasq", "dnsmasq", "2.89-r3"))).isFalse();
  }

  @Test
  void noFixMeansEveryVersionAndWithdrawnMeansNone() throws IOException {
    AdvisoryDocument noFix = docs("distros/ubuntu/UBUNTU-CVE-2020-25681.json").get(0);
    MatchRule rule = MatchRule.of(noFix).orElseThrow();
    assertThat(rule.matches(pkg("n", "ubuntu", "14.04", "deb", "dnsmasq-base", "dnsmasq", "2.68-1ubuntu0.2")))
        .isTrue();
    assertThat(rule.matches(pkg("n", "ubuntu", "14.04", "deb", "dnsmasq-base", "dnsmasq", "99:9-9"))).isTrue();
    assertThat(rule.query().toString()).doesNotContain("range");

    assertThat(MatchRule.of(docs("constructed/TEST-WITHDRAWN-1.json").get(0))).isEmpty();
  }

  @Test
  void lastAffectedIsInclusiveAndALimitExclusive() throws IOException {
    List<AdvisoryDocument> docs = docs("constructed/TEST-RANGES-1.json");
    MatchRule lastAffected = MatchRule.of(docs.get(2)).orElseThrow();
    MatchRule limited = MatchRule.of(docs.get(3)).orElseThrow();

    assertThat(lastAffected.matches(pkg("n", "debian", "12", "deb", "dnsmasq", "dnsmasq", "4.2-1"))).isTrue();
    assertThat(lastAffected.matches(pkg("n", "debian", "12", "deb", "dnsmasq", "dnsmasq", "4.2-1.1"))).isFalse();
    assertThat(lastAffected.matches(pkg("n", "debian", "12", "deb", "dnsmasq", "dnsmasq", "3.9-1"))).isFalse();
    assertThat(limited.matches(pkg("n", "debian", "12", "deb", "dnsmasq", "dnsmasq", "5.4-9"))).isTrue();
    assertThat(limited.matches(pkg("n", "debian", "12", "deb", "dnsmasq", "dnsmasq", "5.5-1"))).isFalse();
  }

  @Test
  void rpmBinaryNamesAndEpochsMatch() throws IOException {
    MatchRule rule = MatchRule.of(docs("distros/almalinux/ALSA-2023-0946.json").get(0)).orElseThrow();

    assertThat(rule.matches(pkg("n", "almalinux", "9.1", "rpm", "openssl-perl", "openssl", "1:3.0.1-43.el9_0")))
        .isTrue();
    assertThat(rule.matches(pkg("n", "almalinux", "9.1", "rpm", "openssl-perl", "openssl", "1:3.0.1-47.el9_1")))
        .isFalse();
    assertThat(rule.matches(pkg("n", "almalinux", "9.1", "rpm", "openssl-perl", "openssl", "3.0.7-27.el9")))
        .as("without an epoch, older than any epoch 1").isTrue();
  }

  @Test
  void aPackageWithoutAVersionKeyIsNotInARange() throws IOException {
    MatchRule rule = MatchRule.of(docs("distros/debian/DSA-4844-1.json").get(0)).orElseThrow();
    ObjectNode doc = pkg("n", "debian", "10", "deb", "dnsmasq", "dnsmasq", "2.80-1");
    ((ObjectNode) doc.get("reunir").get("package")).remove("version_key");

    assertThat(rule.matches(doc)).isFalse();
  }

  @Test
  void theQueryIsTheSameRuleInElasticsearchTerms() throws IOException {
    AdvisoryDocument dsa = docs("distros/debian/DSA-4844-1.json").get(0);
    String fixedKey = VersionKey.of("deb", "2.80-1+deb10u1");

    assertThat(MatchRule.of(dsa).orElseThrow().query()).isEqualTo(new ObjectMapper().readTree("""
        {"bool": {"filter": [
          {"term": {"host.os.platform": "debian"}},
          {"bool": {"should": [{"term": {"host.os.version": "10"}}, {"prefix": {"host.os.version": "10."}}],
                    "minimum_should_match": 1}},
          {"term": {"package.type": "deb"}},
          {"bool": {"should": [{"term": {"package.name": "dnsmasq"}}, {"term": {"reunir.package.source": "dnsmasq"}}],
                    "minimum_should_match": 1}},
          {"range": {"reunir.package.version_key": {"lt": "%s"}}}
        ]}}""".formatted(fixedKey)));
  }

  @Test
  void aFindingCarriesThePackageTheAdvisoryAndTheFixedVersion() throws IOException {
    AdvisoryDocument usn = docs("distros/ubuntu/UBUNTU-CVE-2023-28450.json").get(4);
    ObjectNode pkg = pkg("node-a", "ubuntu", "22.04", "deb", "dnsmasq-base", "dnsmasq", "2.86-1.1ubuntu0.2");
    ((ObjectNode) pkg.get("reunir").get("package")).put("in_use", true);

    List<Finding> findings = new Matcher(List.of(pkg), NOW).match(usn);

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(Finding.Status.AFFECTED_FIX_AVAILABLE);
      assertThat(f.fixedVersion()).isEqualTo("2.86-1.1ubuntu0.3");
      assertThat(f.id()).isEqualTo("node-a/deb/dnsmasq-base/amd64/UBUNTU-CVE-2023-28450/Ubuntu:22.04:LTS/dnsmasq/0");
      var doc = f.toDocument();
      assertThat(doc.at("/vulnerability/id").asText()).isEqualTo("UBUNTU-CVE-2023-28450");
      assertThat(doc.at("/vulnerability/severity").asText()).isEqualTo("low");
      assertThat(doc.at("/vulnerability/score/base").asDouble()).isEqualTo(7.5);
      assertThat(doc.at("/reunir/finding/aliases/0").asText()).isEqualTo("CVE-2023-28450");
      assertThat(doc.at("/reunir/finding/status").asText()).isEqualTo("affected_fix_available");
      assertThat(doc.at("/reunir/package/in_use").asBoolean()).isTrue();
      assertThat(doc.at("/package/version").asText()).isEqualTo("2.86-1.1ubuntu0.2");
      assertThat(doc.at("/host/name").asText()).isEqualTo("node-a");
    });
  }
}
