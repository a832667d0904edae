package io.reunir.agent.probe.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OsReleaseParserTest {

  @Test
  void readsQuotedAndUnquotedValues() {
    var release = OsReleaseParser.parse("""
        # a comment
        NAME="Ubuntu"
        VERSION_ID='22.04'
        ID=ubuntu
        ID_LIKE=debian
        PRETTY_NAME="Ubuntu 22.04.4 LTS"
        VERSION_CODENAME=jammy
        """);
    assertThat(release.name()).isEqualTo("Ubuntu");
    assertThat(release.versionId()).isEqualTo("22.04");
    assertThat(release.id()).isEqualTo("ubuntu");
    assertThat(release.idLike()).isEqualTo("debian");
    assertThat(release.prettyName()).isEqualTo("Ubuntu 22.04.4 LTS");
    assertThat(release.versionCodename()).isEqualTo("jammy");
  }

  @Test
  void followsShellEscapesInsideDoubleQuotesOnly() {
    var fields = OsReleaseParser.parseFields("""
        A="say \\"hi\\" for \\$5 \\\\ done"
        B='single \\n stays'
        C=plain\\ escaped
        """);
    assertThat(fields.get("A")).isEqualTo("say \"hi\" for $5 \\ done");
    assertThat(fields.get("B")).isEqualTo("single \\n stays");
    assertThat(fields.get("C")).isEqualTo("plain escaped");
  }

  @Test
  void ignoresGarbageLinesAndCrlf() {
    var fields = OsReleaseParser.parseFields("ID=rhel\r\nthis is not an assignment\r\n=novalue\r\n"
        + "1BAD=x\r\nVERSION_ID=\"9.4\"\r\n");
    assertThat(fields).containsOnlyKeys("ID", "VERSION_ID");
    assertThat(fields.get("VERSION_ID")).isEqualTo("9.4");
  }

  @Test
  void boundsHugeValues() {
    var fields = OsReleaseParser.parseFields("NAME=" + "x".repeat(100_000));
    assertThat(fields.get("NAME")).hasSize(1024);
  }
}
