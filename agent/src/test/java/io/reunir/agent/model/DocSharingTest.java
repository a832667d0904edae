package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A node's documents share its common objects (the contract's Doc); the heartbeat's own host fields stay its own. */
class DocSharingTest {

  @Test
  void theHeartbeatsHostFieldsStayOutOfThePackageDocuments() {
    var os = new OsFacts("h.example", "id", "boot", Instant.EPOCH, 5L, "6.1.0", "x86_64",
        new OsRelease("debian", null, "Debian GNU/Linux", "Debian 12", "12", "12", "bookworm"));
    var pkg = new PackageRecord("deb", "vim", "2:9.0-1", "amd64", null, null, "vim", "2:9.0-1", 1L, null, null);
    var snapshot = Snapshot.builder("s", Instant.EPOCH).nodeName("n").os(os).addPackages(
        java.util.List.of(pkg)).build();
    var context = DocumentContext.local();

    ObjectNode first = Documents.packageDoc(snapshot, context, pkg, null);
    ObjectNode node = Documents.node(snapshot, context);
    ObjectNode second = Documents.packageDoc(snapshot, context, pkg, null);

    assertThat(node.at("/host/hostname").asText()).isEqualTo("h.example");
    assertThat(first.at("/host/hostname").isMissingNode()).isTrue();
    assertThat(second).isEqualTo(first);
    assertThat(second.at("/host/os/kernel").asText()).isEqualTo("6.1.0");
  }
}
