package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Documents of one node share its common objects; writing below one must never reach the others. */
class DocSharingTest {

  @Test
  void aPutBelowASharedObjectCopiesItFirst() {
    ObjectNode common = new Doc().put("host.name", "n1").put("host.os.name", "Debian").json();
    String before = common.toString();

    ObjectNode changed = Doc.sharing(common).put("host.os.kernel", "6.1").put("package.name", "vim").json();
    ObjectNode untouched = Doc.sharing(common).put("package.name", "bash").json();

    assertThat(common.toString()).isEqualTo(before);
    assertThat(changed.at("/host/os/kernel").asText()).isEqualTo("6.1");
    assertThat(changed.at("/host/name").asText()).isEqualTo("n1");
    assertThat(untouched.at("/host/os/kernel").isMissingNode()).isTrue();
    assertThat(untouched.get("host")).isSameAs(common.get("host"));
  }

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
