package io.reunir.contract.doc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
}
