package io.reunir.agent.probe.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.reunir.agent.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

class ApkInstalledParserTest {
  private static ParseResult parse(String text) throws IOException {
    return ApkInstalledParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsTheAlpineFixture() throws IOException {
    ParseResult result;
    try (InputStream in = Files.newInputStream(
        SharedFixtures.dir("hosts/alpine-3.14").resolve("lib/apk/db/installed"))) {
      result = ApkInstalledParser.parse(in);
    }
    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).hasSize(26);
    assertThat(result.packages().get(0)).isEqualTo(new PackageRecord("apk", "musl", "1.2.2-r3", "armv7",
        null, "r3", "musl", "1.2.2-r3", 516096L, null, null));
    assertThat(result.packages()).filteredOn(p -> p.name().equals("libgcc")).singleElement()
        .extracting(PackageRecord::version, PackageRecord::source)
        .containsExactly("10.3.1_git20210424-r2", "gcc");
  }

  @Test
  void damagedBlocksAreReportedAndTheRestKept() throws IOException {
    var result = parse("""
        P:dup
        V:1.0-r0
        V:1.1-r0

        P:noversion
        A:x86_64

        garbage line
        P:junk
        V:1

        P:ok
        V:2.0-r1
        I:12x
        """);
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("ok");
    assertThat(result.packages().get(0).size()).isNull();
    assertThat(result.problems()).containsExactly(
        "package at line 1 (dup): duplicate V: on line 3; skipped",
        "package at line 5 (noversion): no V: (version); skipped",
        "package at line 8 (junk): line 8 is not an 'X:value' line; skipped",
        "package at line 12 (ok): I: '12x' is not a size in bytes; left out");
  }

  @Test
  void crlfAndMissingTrailingNewlineAreFine() throws IOException {
    var result = parse("P:musl\r\nV:1.2.2-r3\r\nA:x86_64\r\no:musl\r\nI:100");
    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).singleElement().extracting(PackageRecord::architecture, PackageRecord::size)
        .containsExactly("x86_64", 100L);
  }

  @Test
  void hostileBytesAndHugeLinesAreContained() throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    out.writeBytes("P:huge\nV:1-r0\nT:".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("x".repeat(10 << 20).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("\nA:x86_64\n\nP:nul\nV:1\0-r0\n\nP:bad\nA:x".getBytes(StandardCharsets.US_ASCII));
    out.write(0xff);
    out.writeBytes("\nV:2\n\nP:longver\nV:".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("9".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));

    var result = ApkInstalledParser.parse(new ByteArrayInputStream(out.toByteArray()));

    assertThat(result.packages()).extracting(PackageRecord::name, PackageRecord::architecture)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("huge", "x86_64"));
    assertThat(result.problems()).containsExactly(
        "package at line 6 (nul): V: on line 7 has NUL byte; skipped",
        "package at line 9 (bad): A: on line 10 has bytes that are not UTF-8; skipped",
        "package at line 13 (longver): V: on line 14 is longer than 8192 bytes; skipped");
  }
}
