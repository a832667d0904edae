package io.reunir.agent.probe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountTokenTest {
  @TempDir Path dir;

  @Test
  void theTokenIsReadAgainAtEveryRequestWithoutItsNewline() throws Exception {
    Path file = dir.resolve("token");
    var token = new ServiceAccountToken(file);
    Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln\n");
    assertThat(token.getToken()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln");

    Files.writeString(file, "rotated");
    assertThat(token.getToken()).isEqualTo("rotated");
  }

  @Test
  void aTokenThatCannotBeAHeaderValueNamesTheFileNeverTheContent() throws Exception {
    for (String bad : List.of("", " \n", "secret one", "secret\nline2", "secret\u0007", "secrét")) {
      Path file = Files.writeString(dir.resolve("token"), bad);
      assertThatThrownBy(() -> new ServiceAccountToken(file).getToken())
          .isInstanceOf(ServiceAccountToken.Unreadable.class)
          .hasMessageStartingWith("service-account token " + file + " ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret", "line2"));
    }
  }

  @Test
  void aMissingFileOrAFifoIsAnError() throws Exception {
    Path fifo = dir.resolve("fifo");
    new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();

    assertThatThrownBy(() -> new ServiceAccountToken(dir.resolve("none")).getToken())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> new ServiceAccountToken(fifo).getToken())
        .hasMessageContaining(fifo + " cannot be read");
  }
}
