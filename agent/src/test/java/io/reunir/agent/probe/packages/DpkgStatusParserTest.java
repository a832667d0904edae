package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.reunir.agent.probe.host.ParseResult;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.Bounded;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DpkgStatusParserTest {
  private static final String GOOD = """
      Package: good
      Status: install ok installed
      Installed-Size: 10
      Architecture: amd64
      Version: 1:2.0-3
      Description: fine
       a continuation line

      """;

  private static ParseResult parse(byte[] bytes) throws IOException {
    return DpkgStatusParser.parse(new ByteArrayInputStream(bytes), DpkgStatusParser.Mode.STATUS);
  }

  private static ParseResult parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    var out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsTheKeptFieldsOfAnInstalledStanza() throws IOException {
    var result = parse(GOOD);
    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).containsExactly(
        new PackageRecord("deb", "good", "1:2.0-3", "amd64", "1", "3", "good", "1:2.0-3", 10240L, null,
            "installed"));
  }

  @Test
  void sourceWithItsOwnVersion() throws IOException {
    var result = parse("Package: libssl3\nStatus: install ok installed\nVersion: 3.0.2-0ubuntu1.15+b1\n"
        + "Source: openssl (3.0.2-0ubuntu1.15)\n\nPackage: libc6\nStatus: install ok installed\n"
        + "Version: 2.36-9\nSource: glibc\n");
    assertThat(result.packages()).extracting(PackageRecord::source, PackageRecord::sourceVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("openssl", "3.0.2-0ubuntu1.15"),
            org.assertj.core.groups.Tuple.tuple("glibc", "2.36-9"));
  }

  @Test
  void everyStateWithFilesOnDiskCountsAndCarriesItsWord() throws IOException {
    var result = parse("""
        Package: a
        Status: install reinstreq half-installed
        Version: 1

        Package: b
        Status: deinstall ok config-files
        Version: 1

        Package: c
        Status: purge ok not-installed
        Version: 1

        Package: d
        Status: hold ok installed
        Version: 1

        Package: e
        Version: 1

        package: f
        STATUS: install ok installed
        version: 1

        Package: g
        Status: install ok triggers-pending
        Version: 1

        Package: h
        Status: install ok triggers-awaited
        Version: 1

        Package: i
        Status: install ok half-configured
        Version: 1

        Package: j
        Status: install ok unpacked
        Version: 1

        Package: k
        Status: deinstall ok installed
        Version: 1

        Package: l
        Status: install ok config-files
        Version: 1
        """);
    assertThat(result.packages()).extracting(PackageRecord::name, PackageRecord::state).containsExactly(
        tuple("a", "half-installed"), tuple("d", "installed"), tuple("f", "installed"),
        tuple("g", "triggers-pending"), tuple("h", "triggers-awaited"), tuple("i", "half-configured"),
        tuple("j", "unpacked"), tuple("k", "installed"));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void statusWordsAreSplitOnAnyRunOfBlanksMatchedInAnyCaseAndMustBeThreeKnownOnes() throws IOException {
    var result = parse("Package: tabs\nStatus: install\tok \t installed\nVersion: 1\n\n"
        + "Package: four\nStatus: install ok installed extra\nVersion: 1\n\n"
        + "Package: two\nStatus: ok installed\nVersion: 1\n\n"
        + "Package: prefix\nStatus: install ok installedx\nVersion: 1\n\n"
        + "Package: upper\nStatus: INSTALL OK Triggers-Pending\nVersion: 1\n\n"
        + "Package: flag\nStatus: install hold installed\nVersion: 1\n\n"
        + "Package: padded\nStatus:   install  ok  installed  \nVersion: 1\n");
    assertThat(result.packages()).extracting(PackageRecord::name, PackageRecord::state).containsExactly(
        tuple("tabs", "installed"), tuple("upper", "triggers-pending"), tuple("padded", "installed"));
    assertThat(result.problems()).hasSize(4).allSatisfy(p -> assertThat(p).contains("is not dpkg's"))
        .anySatisfy(p -> assertThat(p).contains("(four)", "'install ok installed extra'"))
        .anySatisfy(p -> assertThat(p).contains("(two)"))
        .anySatisfy(p -> assertThat(p).contains("(prefix)"))
        .anySatisfy(p -> assertThat(p).contains("(flag)"));
    assertThat(DpkgStatusParser.state("a b")).isNull();
    assertThat(DpkgStatusParser.state("purge\t\tok  not-installed")).isEqualTo(DpkgStatusParser.NOT_ON_DISK);
    assertThat(DpkgStatusParser.state("unknown ok unpacked")).isEqualTo("unpacked");
  }

  @Test
  void theVersionIsKeptAsDpkgPrintsItAndItsPartsFromThat() throws IOException {
    var result = parse("Package: woff-tools\nStatus: install ok installed\nVersion: 0:2009.10.04-2+b1\n"
        + "Source: woff-tools (0:2009.10.04-2)\n\n"
        + "Package: padded-epoch\nStatus: install ok installed\nVersion: 007:1.0-1\n\n"
        + "Package: colon\nStatus: install ok installed\nVersion: 0:1:2-3\n");
    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).extracting(PackageRecord::version, PackageRecord::epoch,
        PackageRecord::release, PackageRecord::sourceVersion).containsExactly(
        tuple("2009.10.04-2+b1", null, "2+b1", "2009.10.04-2"),
        tuple("7:1.0-1", "7", "1", "7:1.0-1"),
        tuple("0:1:2-3", "0", "3", "0:1:2-3"));
  }

  @Test
  void aVersionDpkgRefusesSkipsItsStanzaWithDpkgsReason() throws IOException {
    var result = parse("Package: empty-rev\nStatus: install ok installed\nVersion: 1.0-\n\n"
        + "Package: bad-epoch\nStatus: install ok installed\nVersion: a:1.0\n\n" + GOOD);
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("good");
    assertThat(result.problems()).containsExactly(
        "stanza at line 1 (empty-rev): Version '1.0-': revision number is empty; skipped",
        "stanza at line 5 (bad-epoch): Version 'a:1.0': epoch in version is empty; skipped");
  }

  @Test
  void aDistrolessStanzaWithoutStatusIsInstalledOneWithStatusSaysItsOwn() throws IOException {
    var result = DpkgStatusParser.parse(new ByteArrayInputStream(("Package: netbase\nVersion: 6.4\n\n"
        + "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n\n"
        + "Package: mid\nStatus: install ok unpacked\nVersion: 1\n").getBytes(StandardCharsets.UTF_8)),
        DpkgStatusParser.Mode.STATUS_D);
    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).extracting(PackageRecord::name, PackageRecord::state)
        .containsExactly(tuple("netbase", "installed"), tuple("mid", "unpacked"));
  }

  @Test
  void truncatedStanzaIsReportedAndTheRestKept() throws IOException {
    var result = parse(GOOD + "Package: cut\nStatus: install ok installed\nVers");
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("good");
    assertThat(result.problems()).singleElement().asString()
        .contains("stanza at line 9 (cut)", "line 11 is not a 'Field: value' line");
  }

  @Test
  void lastStanzaWithoutNewlineIsKept() throws IOException {
    var result = parse("Package: last\nStatus: install ok installed\nVersion: 1.0");
    assertThat(result.packages()).extracting(PackageRecord::version).containsExactly("1.0");
  }

  @Test
  void installedStanzaWithoutVersionIsReported() throws IOException {
    var result = parse("Package: nover\nStatus: install ok installed\n");
    assertThat(result.packages()).isEmpty();
    assertThat(result.problems()).singleElement().asString().contains("(nover)", "no Version");
  }

  @Test
  void crlfLineEndsReadLikeLf() throws IOException {
    byte[] lf = Files.readAllBytes(Path.of("src/test/resources/hosts/debian12/var/lib/dpkg/status"));
    byte[] crlf = new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    var expected = parse(lf);
    var result = parse(crlf);
    assertThat(expected.packages()).hasSize(38);
    assertThat(result.packages()).isEqualTo(expected.packages());
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void nonUtf8BytesOutsideKeptFieldsAreHarmlessAndInsideThemReported() throws IOException {
    byte[] latin1Maintainer = concat(ascii("Package: ok\nStatus: install ok installed\nVersion: 1\n"
        + "Maintainer: Ren\u00e9 \n\n"));
    byte[] badName = concat(ascii("Package: b"), new byte[] {(byte) 0xff, (byte) 0xfe},
        ascii("d\nStatus: install ok installed\nVersion: 1\n"));
    var result = parse(concat(latin1Maintainer, badName));
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("ok");
    assertThat(result.problems()).singleElement().asString()
        .contains("stanza at line 6", "Package on line 6 has bytes that are not UTF-8");
  }

  @Test
  void utf8InKeptFieldsIsDecoded() throws IOException {
    var result = parse("Package: caf\u00e9\nStatus: install ok installed\nVersion: 1\n");
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("caf\u00e9");
  }

  @Test
  void nulBytesInAKeptFieldSkipTheStanzaElsewhereNot() throws IOException {
    var result = parse(concat(ascii("Package: a\nStatus: install ok installed\nVersion: 1\nDescription: x\0y\n\n"),
        ascii("Package: b\nStatus: install ok installed\nVersion: 1\0\n")));
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("a");
    assertThat(result.problems()).singleElement().asString().contains("(b)", "Version on line 8 has NUL byte");
  }

  @Test
  void tenMegabyteFieldsAreSkippedOverWithoutHoldingThem() throws IOException {
    byte[] huge = new byte[10 << 20];
    Arrays.fill(huge, (byte) 'x');
    var result = parse(concat(
        ascii("Package: bigdesc\nStatus: install ok installed\nVersion: 1\nDescription: "), huge,
        ascii("\n " ), huge, ascii("\nArchitecture: all\n\n"),
        ascii("Package: bigver\nStatus: install ok installed\nVersion: "), huge, ascii("\n\n"),
        ascii(GOOD)));
    assertThat(result.packages()).extracting(PackageRecord::name, PackageRecord::architecture)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bigdesc", "all"),
            org.assertj.core.groups.Tuple.tuple("good", "amd64"));
    assertThat(result.problems()).singleElement().asString()
        .contains("stanza at line 8 (bigver)", "Version on line 10 is longer than 8192 bytes");
  }

  @Test
  void keptValuesAreBounded() throws IOException {
    String longArch = "a".repeat(5000);
    var result = parse("Package: p\nStatus: install ok installed\nVersion: 1\nArchitecture: " + longArch + "\n");
    assertThat(result.packages().get(0).architecture()).hasSize(Bounded.MAX_VALUE_CHARS);
  }

  @Test
  void duplicateKeptFieldSkipsTheStanza() throws IOException {
    var result = parse("Package: dup\nStatus: install ok installed\nVersion: 1\nVersion: 2\n\n" + GOOD);
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("good");
    assertThat(result.problems()).singleElement().asString().contains("(dup)", "duplicate Version field on line 4");
  }

  @Test
  void continuationLineBeforeAnyFieldIsReportedAndIgnored() throws IOException {
    var result = parse(" stray continuation\n" + GOOD);
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("good");
    assertThat(result.problems()).singleElement().asString()
        .isEqualTo("line 1: continuation line before any field; ignored");
  }

  @Test
  void installedSizeThatIsNotANumberIsLeftOut() throws IOException {
    var result = parse("Package: p\nStatus: install ok installed\nVersion: 1\nInstalled-Size: 12x\n");
    assertThat(result.packages()).singleElement().extracting(PackageRecord::size).isNull();
    assertThat(result.problems()).singleElement().asString().contains("Installed-Size '12x'");
  }

  @Test
  void emptyInputAndBlankRunsGiveNothing() throws IOException {
    assertThat(parse("").packages()).isEmpty();
    var result = parse("\n\n\n" + GOOD + "\n\n\n");
    assertThat(result.packages()).hasSize(1);
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void indexModeTakesEveryStanza() throws IOException {
    var result = DpkgStatusParser.parse(new ByteArrayInputStream(
        "Package: x\nVersion: 1\nArchitecture: all\n\nPackage: y\nVersion: 2\n".getBytes(StandardCharsets.UTF_8)),
        DpkgStatusParser.Mode.INDEX);
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("x", "y");
    assertThat(result.packages()).extracting(PackageRecord::state).containsOnlyNulls();
  }
}
