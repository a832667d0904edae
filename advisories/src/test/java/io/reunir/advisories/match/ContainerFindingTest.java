package io.reunir.advisories.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.match.ContainerFinding.RunningContainer;
import io.reunir.contract.doc.Doc;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerFindingTest {
  /** An image package document: the packages index's package and os-release fields, no node. */
  static ObjectNode imagePackage(String fingerprint, String version) {
    ObjectNode doc = MatchRuleTest.pkg(null, "debian", "10", "deb", "dnsmasq-base", "dnsmasq", version);
    return new Doc(doc).put("reunir.image.fingerprint", fingerprint).json();
  }

  static ObjectNode container(String node, String id, String pod) {
    return new Doc().put("host.name", node).put("orchestrator.cluster.name", "prod-eu-1")
        .put("reunir.node.pool", "general").put("reunir.scope", "container").put("container.id", id)
        .put("container.runtime", "containerd").put("container.image.name", "registry.k8s.io/dns/dnsmasq:1.0")
        .put("kubernetes.namespace", "kube-system").put("kubernetes.pod.name", pod)
        .put("kubernetes.pod.uid", "uid-" + pod).put("kubernetes.container.name", "dnsmasq")
        .put("reunir.container.fingerprint", "sha256:aaa").put("reunir.container.state", "read").json();
  }

  @Test
  void aContainerFindingCarriesThePodTheNodeAndTheImagesPackage() throws IOException {
    AdvisoryDocument dsa = MatchRuleTest.docs("distros/debian/DSA-4844-1.json").get(0);
    var imagePackage = imagePackage("sha256:aaa", "2.80-1");
    assertThat(MatchRule.of(dsa).orElseThrow().matches(imagePackage))
        .as("the host rule reads an image package document unchanged").isTrue();

    var finding = ContainerFinding.of(dsa, imagePackage,
        RunningContainer.of(container("node-a", "c0ffee", "dns-1")), MatchRuleTest.NOW);

    assertThat(finding.id()).isEqualTo("node-a/container/c0ffee/deb/dnsmasq-base/amd64/" + dsa.id());
    var doc = finding.toDocument();
    assertThat(doc.at("/reunir/scope").asText()).isEqualTo("container");
    assertThat(doc.at("/host/name").asText()).isEqualTo("node-a");
    assertThat(doc.at("/orchestrator/cluster/name").asText()).isEqualTo("prod-eu-1");
    assertThat(doc.at("/reunir/node/pool").asText()).isEqualTo("general");
    assertThat(doc.at("/host/os").isMissingNode()).as("host.os is the node's, not the image's").isTrue();
    assertThat(doc.at("/reunir/container/os/platform").asText()).isEqualTo("debian");
    assertThat(doc.at("/reunir/container/os/version").asText()).isEqualTo("10");
    assertThat(doc.at("/reunir/container/fingerprint").asText()).isEqualTo("sha256:aaa");
    assertThat(doc.at("/kubernetes/namespace").asText()).isEqualTo("kube-system");
    assertThat(doc.at("/kubernetes/pod/name").asText()).isEqualTo("dns-1");
    assertThat(doc.at("/kubernetes/pod/uid").asText()).isEqualTo("uid-dns-1");
    assertThat(doc.at("/kubernetes/container/name").asText()).isEqualTo("dnsmasq");
    assertThat(doc.at("/container/id").asText()).isEqualTo("c0ffee");
    assertThat(doc.at("/container/image/name").asText()).isEqualTo("registry.k8s.io/dns/dnsmasq:1.0");
    assertThat(doc.at("/package/name").asText()).isEqualTo("dnsmasq-base");
    assertThat(doc.at("/package/version").asText()).isEqualTo("2.80-1");
    assertThat(doc.at("/reunir/finding/fixed_version").asText()).isEqualTo("2.80-1+deb10u1");
    assertThat(doc.at("/reunir/finding/advisory_document").asText()).isEqualTo(dsa.id());
    assertThat(imagePackage.at("/host/os/platform").asText()).as("the image document is left as it was")
        .isEqualTo("debian");
  }

  @Test
  void hostAndContainerFindingsOfOnePackageNeverShareAnId() throws IOException {
    AdvisoryDocument dsa = MatchRuleTest.docs("distros/debian/DSA-4844-1.json").get(0);
    var hostPackage = MatchRuleTest.pkg("node-a", "debian", "10", "deb", "dnsmasq-base", "dnsmasq", "2.80-1");
    Finding host = new Matcher(List.of(hostPackage), MatchRuleTest.NOW).match(dsa).get(0);
    var inContainer = ContainerFinding.of(dsa, imagePackage("sha256:aaa", "2.80-1"),
        RunningContainer.of(container("node-a", "c0ffee", "dns-1")), MatchRuleTest.NOW);

    assertThat(host.toDocument().at("/reunir/scope").asText()).isEqualTo("host");
    assertThat(inContainer.id()).isNotEqualTo(host.id()).startsWith("node-a/container/");
  }
}
