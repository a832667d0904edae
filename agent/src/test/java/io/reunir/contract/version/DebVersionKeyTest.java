package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.testing.DpkgCompare;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebVersionKeyTest {
  /** Hand-picked edges: first, expected order (-1, 0, 1), second. Also checked against dpkg below. */
  private static final Object[][] EDGES = {
      {"1.0~rc1", -1, "1.0"},
      {"1:0.1", 1, "2.0"},
      {"1.0-1", -1, "1.0-1ubuntu1"},
      {"1.0+dfsg", 1, "1.0"},
      {"1.0+dfsg-1", 1, "1.0-1"},
      {"1.0~~", -1, "1.0~"},
      {"1.0~", -1, "1.0"},
      {"1.0", -1, "1.0a"},
      {"1.0a", -1, "1.0+"},
      {"1.0+", -1, "1.0.1"},
      {"1.0A", -1, "1.0a"},
      {"001", 0, "1"},
      {"1.01", 0, "1.1"},
      {"1.0", 0, "1.00"},
      {"1.0", 0, "1.0-0"},
      {"0:1.0", 0, "1.0"},
      {"1.0", -1, "1.0.0"},
      {"1.2.3-4", -1, "1.2.3-10"},
      {"2.30-1", 1, "2.4-1"},
      {"1.0-1~bpo11+1", -1, "1.0-1"},
      {"3.0.2-0ubuntu1.15", 1, "3.0.2-0ubuntu1.9"},
      {"3.0.2-0ubuntu1.15", -1, "3.0.2-1"},
      {"1:1.0", -1, "2:0.1"},
      {"1.20240101000000", 1, "1.9"},
      {"99999999999999999999", -1, "100000000000000000000"},
      {"1.0-a", -1, "1.0-b"},
      {"1a", 0, "1a0"},
      {"1a0b", -1, "1ab"},
      {"7.88.1-10+deb12u8", 1, "7.88.1-10+deb12u5"},
      {"2:8.2.3995-1ubuntu2.15", 1, "2:8.2.3995-1ubuntu2"},
      {"1.2-3-4", 1, "1.2-3"},
      {"1:2:3-1", 1, "1:2-1"},
  };

  @Test
  void handPickedEdgesOrderAsExpected() {
    for (Object[] edge : EDGES) {
      String a = (String) edge[0];
      String b = (String) edge[2];
      assertThat(Integer.signum(DebVersionKey.of(a).compareTo(DebVersionKey.of(b))))
          .as("%s vs %s (keys %s, %s)", a, b, DebVersionKey.of(a), DebVersionKey.of(b))
          .isEqualTo((int) edge[1]);
    }
  }

  @Test
  void handPickedEdgesAgreeWithDpkg(@TempDir Path dir) throws Exception {
    List<String[]> pairs = new ArrayList<>();
    for (Object[] edge : EDGES) {
      pairs.add(new String[] {(String) edge[0], (String) edge[2]});
    }
    int[] dpkg = DpkgCompare.compare(pairs, dir);
    for (int i = 0; i < EDGES.length; i++) {
      assertThat(dpkg[i]).as("dpkg on %s vs %s", EDGES[i][0], EDGES[i][2]).isEqualTo((int) EDGES[i][1]);
    }
  }

  @Test
  void keysArePrintableAscii() {
    for (Object[] edge : EDGES) {
      assertThat(DebVersionKey.of((String) edge[0])).matches("[\\x21-\\x7e]+");
    }
  }

  @Test
  void rejectsWhatDpkgRejects() {
    assertThatThrownBy(() -> DebVersionKey.of("a:1.0")).hasMessageContaining("epoch");
    assertThatThrownBy(() -> DebVersionKey.of("1.0 beta")).hasMessageContaining("invalid character");
    assertThatThrownBy(() -> DebVersionKey.of("1.0\u00e9")).hasMessageContaining("invalid character");
    assertThatThrownBy(() -> DebVersionKey.of("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DebVersionKey.of("1:")).hasMessageContaining("empty upstream");
  }

  @Test
  void dispatchesByType() {
    assertThat(VersionKey.of("deb", "1.0-1")).isEqualTo(DebVersionKey.of("1.0-1"));
    assertThat(VersionKey.of("apk", "1.0-r1")).isEqualTo(ApkVersionKey.of("1.0-r1"));
    assertThat(VersionKey.of("rpm", "1:1.0-1")).isEqualTo(RpmVersionKey.of("1:1.0-1"));
    assertThatThrownBy(() -> VersionKey.of("msi", "1.0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("msi");
  }
}
