package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionKeyCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String key(String type, String version) {
    out.reset();
    assertThat(run("version-key", type, version)).isZero();
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void printsKeysThatSortLikeThePackageManager() {
    assertThat(key("deb", "1.0~rc1")).isLessThan(key("deb", "1.0"));
    assertThat(key("deb", "1:0.1")).isGreaterThan(key("deb", "2.0"));
    assertThat(key("apk", "1.1_rc1")).isLessThan(key("apk", "1.1"));
    assertThat(key("apk", "1.1-r1")).isLessThan(key("apk", "1.1_p1"));
  }

  @Test
  void immutableNodeTypesHaveKeys() {
    assertThat(key("bottlerocket", "1:2.40-1.1740525475.e3a5862c.br1"))
        .isGreaterThan(key("bottlerocket", "0:2.41-1.1740525475.e3a5862c.br1"));
    assertThat(key("cos", "1.01")).isLessThan(key("cos", "1.1"));
    assertThat(key("flatcar", "2.37-r7")).isLessThan(key("flatcar", "2.37_p1"));
    assertThat(key("talos", "v1.9.0-beta.0")).isLessThan(key("talos", "v1.9.0"));
  }

  @Test
  void unknownTypeIsAUsageError() {
    assertThat(run("version-key", "msi", "1.0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown package type 'msi'");
  }

  @Test
  void missingArgumentsAreAUsageError() {
    assertThat(run("version-key", "deb")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("version-key needs TYPE and VERSION");
  }

  @Test
  void aVersionTheManagerRejectsIsOneLineAndExitOne() {
    assertThat(run("version-key", "apk", "1.0bc")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).strip()).contains("invalid apk version '1.0bc'")
        .doesNotContain("\n");
  }

  @Test
  void helpMentionsIt() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("version-key TYPE VERSION");
  }
}
