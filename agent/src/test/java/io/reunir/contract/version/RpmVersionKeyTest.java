package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key's byte order must equal the real rpm tool's {@code rpm.vercmp} on thousands of pairs:
 * real versions from rpm databases plus generated ones with every tricky shape. rpm is asked once
 * for all pairs (one Lua loop), not once per pair.
 */
class RpmVersionKeyTest {
  private static final String[] PIECES = {
    "0",
    "00",
    "1",
    "01",
    "2",
    "9",
    "10",
    "010",
    "99",
    "100",
    "1234567890123",
    "a",
    "b",
    "Z",
    "rc",
    "alpha",
    "beta",
    "git",
    "el",
    "fc",
    "~",
    "^",
    ".",
    "_",
    "+",
    "%",
  };

  @Test
  void documentedExample() {
    assertThat(RpmVersionKey.of("1.2.3-4.el9")).isEqualTo("0:n111n112n113#=n114ael,n119#");
  }

  @Test
  void knownOrderings() {
    assertOrdered("1.0~rc1-1", "1.0-1", "1.0^git1-1", "1.0a-1", "1.0.1-1", "1:0.1-1");
    assertOrdered("1.0", "1.0-~", "1.0-", "1.0-0", "1.0-1");
    assertThat(RpmVersionKey.of("1.01-1")).isEqualTo(RpmVersionKey.of("1.1-1"));
    assertThat(RpmVersionKey.of("0:1.0-1")).isEqualTo(RpmVersionKey.of("1.0-1"));
    assertThat(RpmVersionKey.of("1..0_-1")).isEqualTo(RpmVersionKey.of("1.0-1"));
  }

  @Test
  void orderEqualsRpmOnThousandsOfPairs(@TempDir Path tmp) throws Exception {
    assumeTrue(rpmAvailable(), "the rpm tool is not installed (CI installs Debian's rpm package)");
    List<String> versions = new ArrayList<>(realVersions());
    int real = versions.size();
    versions.addAll(debianVersions(4000));
    versions.addAll(generatedVersions(1000));
    Random random = new Random(42);
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      // Neighbours in real data (same package, close versions) plus random partners.
      for (int j = 1; j <= 3 && i + j < versions.size(); j++) {
        pairs.add(new String[] {versions.get(i), versions.get(i + j)});
      }
      for (int k = 0; k < 6; k++) {
        pairs.add(new String[] {versions.get(i), versions.get(random.nextInt(versions.size()))});
      }
    }
    List<String> verdicts = rpmVercmp(tmp, pairs);

    int compared = 0;
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      String a = pairs.get(i)[0];
      String b = pairs.get(i)[1];
      int expected = Integer.parseInt(verdicts.get(i));
      int actual = Integer.signum(RpmVersionKey.of(a).compareTo(RpmVersionKey.of(b)));
      compared++;
      if (actual != expected) {
        mismatches.add(a + " vs " + b + ": rpm " + expected + ", key " + actual);
      }
    }
    System.out.printf(
        "RpmVersionKeyTest: compared %d pairs of %d versions (%d from rpm databases) with rpm%n",
        compared, versions.size(), real);
    assertThat(real).as("real rpm versions read").isGreaterThan(80);
    assertThat(compared).isGreaterThan(10_000);
    assertThat(mismatches).isEmpty();
  }

  private static void assertOrdered(String... ascending) {
    for (int i = 1; i < ascending.length; i++) {
      assertThat(RpmVersionKey.of(ascending[i - 1]))
          .as(ascending[i - 1] + " < " + ascending[i])
          .isLessThan(RpmVersionKey.of(ascending[i]));
    }
  }

  /** Versions rpm printed for real databases (second column of expected.tsv). */
  private static Set<String> realVersions() throws IOException, URISyntaxException {
    Set<String> out = new LinkedHashSet<>();
    List<Path> lists = List.of(
        SharedFixtures.rpmdb("cbl-mariner-2.0/expected.tsv"),
        SharedFixtures.rpmdb("rhel8-bdb/expected.tsv"),
        SharedFixtures.rpmdb("sle15-bci-ndb/expected.tsv"),
        Path.of(RpmVersionKeyTest.class.getResource("/rpmdb/rhel9/expected.tsv").toURI()));
    for (Path tsv : lists) {
      for (String line : Files.readAllLines(tsv)) {
        String[] cols = line.split("\t");
        if (cols.length > 1) {
          out.add(cols[1]);
        }
      }
    }
    return out;
  }

  /**
   * Real version strings of another ecosystem with rich shapes ({@code ~}, {@code +}, epochs):
   * Debian's package index, when this machine has one ({@code apt-get update}; CI has lz4).
   */
  private static List<String> debianVersions(int max) throws Exception {
    Path lists = Path.of("/var/lib/apt/lists");
    List<Path> indexes;
    try (var files = Files.list(lists)) {
      indexes = files.filter(f -> f.getFileName().toString().endsWith("_Packages.lz4")).toList();
    } catch (IOException e) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (Path index : indexes) {
      Process p = new ProcessBuilder("lz4", "-dc", index.toString()).start();
      try (var reader = p.inputReader(StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null && out.size() < max) {
          if (line.startsWith("Version: ")) {
            out.add(line.substring("Version: ".length()));
          }
        }
      } finally {
        p.destroy();
      }
    }
    return new ArrayList<>(out);
  }

  private static List<String> generatedVersions(int count) {
    Random random = new Random(7);
    List<String> out = new ArrayList<>();
    String[] epochs = {"", "", "", "0:", "1:", "01:", "2:", ":"};
    for (int i = 0; i < count; i++) {
      StringBuilder v = new StringBuilder(epochs[random.nextInt(epochs.length)]);
      v.append(PIECES[random.nextInt(11)]); // versions start with a number in practice
      int more = random.nextInt(5);
      for (int k = 0; k < more; k++) {
        v.append(PIECES[random.nextInt(PIECES.length)]);
      }
      if (random.nextInt(4) != 0) {
        v.append('-');
        int rel = random.nextInt(4);
        for (int k = 0; k < rel; k++) {
          v.append(PIECES[random.nextInt(PIECES.length)]);
        }
      }
      out.add(v.toString());
    }
    return out;
  }

  private static boolean rpmAvailable() {
    try {
      return new ProcessBuilder("rpm", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** One rpm process compares every pair; answers come back one line per pair. */
  private static List<String> rpmVercmp(Path tmp, List<String[]> pairs) throws Exception {
    Path input = tmp.resolve("pairs.tsv");
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      sb.append(p[0]).append('\t').append(p[1]).append('\n');
    }
    Files.writeString(input, sb, StandardCharsets.UTF_8);
    String lua =
        "%{lua: for l in io.lines('"
            + input
            + "') do "
            + "local a, b = l:match('^([^\\t]*)\\t(.*)$') "
            + "io.write(rpm.vercmp(a, b), '\\n') end}";
    Process p = new ProcessBuilder("rpm", "--eval", lua).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines =
        new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
    assertThat(p.exitValue())
        .as(String.join("\n", lines.subList(0, Math.min(5, lines.size()))))
        .isZero();
    assertThat(lines).hasSize(pairs.size());
    return lines;
  }
}
