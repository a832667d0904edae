package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.probe.host.ParseResult;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.testing.AptLists;
import io.reunir.contract.version.DebVersionKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on this machine's real dpkg database and on Debian's whole package index. */
public class DpkgRealDataIT {
  /**
   * Packages whose files are on disk as dpkg itself lists them (every state but not-installed and
   * config-files, the n and c of the abbreviation's second letter): name, version, architecture.
   */
  public static List<String> dpkgQueryInstalled() throws IOException, InterruptedException {
    Process query = new ProcessBuilder("dpkg-query", "-W",
        "-f=${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Architecture}\\n")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(query.waitFor()).as("dpkg-query exit code").isZero();
    List<String> installed = new ArrayList<>();
    for (String line : out.lines().toList()) {
      String[] f = line.split("\t", -1);
      if (f[0].length() >= 2 && "itWFUH".indexOf(f[0].charAt(1)) >= 0) {
        installed.add(f[1] + "\t" + f[2] + "\t" + f[3]);
      }
    }
    return installed.stream().sorted().toList();
  }

  @Test
  void thisMachinesStatusMatchesDpkgQuery() throws Exception {
    ParseResult result;
    try (InputStream in = Files.newInputStream(Path.of("/var/lib/dpkg/status"))) {
      result = DpkgStatusParser.parse(in, DpkgStatusParser.Mode.STATUS);
    }
    List<String> ours = result.packages().stream()
        .map(p -> p.name() + "\t" + p.version() + "\t" + p.architecture()).sorted().toList();

    assertThat(result.problems()).isEmpty();
    assertThat(ours).hasSizeGreaterThan(100).containsExactlyElementsOf(dpkgQueryInstalled());
  }

  @Test
  void everyStanzaOfDebiansIndexParses() throws Exception {
    byte[] index = AptLists.all();
    int stanzas = countLinesStartingWith(index, "Package: ");
    int sized = countLinesStartingWith(index, "Installed-Size: ");

    var result = DpkgStatusParser.parse(new ByteArrayInputStream(index), DpkgStatusParser.Mode.INDEX);

    assertThat(stanzas).isGreaterThan(60_000);
    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).hasSize(stanzas);
    for (PackageRecord p : result.packages()) {
      assertThat(p.version()).as(p.name()).isNotEmpty();
      assertThat(p.architecture()).as(p.name()).isIn("amd64", "all");
      assertThat(DebVersionKey.of(p.version())).isNotEmpty();
      assertThat(DebVersionKey.of(p.sourceVersion())).isNotEmpty();
    }
    // A few real stanzas (cross-toolchain ones) have no Installed-Size: no size, not a guess.
    assertThat(result.packages()).filteredOn(p -> p.size() != null).hasSize(sized);
    assertThat(result.packages()).filteredOn(p -> !p.source().equals(p.name())).hasSizeGreaterThan(10_000);
    assertThat(result.packages()).filteredOn(p -> !p.sourceVersion().equals(p.version()))
        .hasSizeGreaterThan(100);
  }

  private static int countLinesStartingWith(byte[] text, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    int count = 0;
    for (int i = 0; i + p.length <= text.length; i++) {
      if ((i == 0 || text[i - 1] == '\n') && java.util.Arrays.equals(text, i, i + p.length, p, 0, p.length)) {
        count++;
      }
    }
    return count;
  }
}
