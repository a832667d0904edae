package io.reunir.contract.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.packages.DpkgStatusParser;
import io.reunir.agent.testing.AptLists;
import io.reunir.agent.testing.DpkgCompare;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deb version keys against this machine's {@code dpkg --compare-versions} on real versions from
 * Debian's package index: the closest neighbours in key order (where a wrong encoding shows first)
 * and random pairs.
 */
class DebVersionKeyIT {
  private static final int NEIGHBOURS = 3000;
  private static final int RANDOM_PAIRS = 1500;
  private static final int SYNTHETIC_PAIRS = 1500;

  @Test
  void keysOrderRealVersionsAsDpkgDoes(@TempDir Path dir) throws Exception {
    var versions = new TreeSet<String>();
    var index = DpkgStatusParser.parse(new ByteArrayInputStream(AptLists.all()), DpkgStatusParser.Mode.INDEX);
    for (PackageRecord pkg : index.packages()) {
      versions.add(pkg.version());
      versions.add(pkg.sourceVersion());
    }
    assertThat(versions).hasSizeGreaterThan(20_000);
    List<String> byKey = new ArrayList<>(versions);
    byKey.sort(Comparator.comparing(DebVersionKey::of));

    Random random = new Random(20261126);
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < NEIGHBOURS; i++) {
      int at = random.nextInt(byKey.size() - 1);
      pairs.add(new String[] {byKey.get(at), byKey.get(at + 1)});
    }
    for (int i = 0; i < RANDOM_PAIRS; i++) {
      pairs.add(new String[] {byKey.get(random.nextInt(byKey.size())), byKey.get(random.nextInt(byKey.size()))});
    }
    for (int i = 0; i < SYNTHETIC_PAIRS; i++) {
      String a = synthetic(random);
      pairs.add(new String[] {a, nearby(a, random)});
    }
    int[] dpkg = DpkgCompare.compare(pairs, dir);

    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      String a = pairs.get(i)[0];
      String b = pairs.get(i)[1];
      int ours = Integer.signum(DebVersionKey.of(a).compareTo(DebVersionKey.of(b)));
      if (ours != dpkg[i]) {
        wrong.add(a + " vs " + b + ": dpkg " + dpkg[i] + ", key " + ours);
      }
    }
    assertThat(wrong).as("pairs ordered differently from dpkg (of %d)", pairs.size()).isEmpty();
  }

  /**
   * A valid but unusual version (tildes, letters of both cases, plus signs, leading zeros, long
   * digit runs): the corners real indexes rarely visit.
   */
  private static String synthetic(Random random) {
    String upstreamChars = "0123456789..++~~aZz";
    var v = new StringBuilder();
    if (random.nextInt(4) == 0) {
      v.append(random.nextInt(3)).append(':');
    }
    v.append(random.nextInt(10));
    for (int n = random.nextInt(8); n > 0; n--) {
      v.append(upstreamChars.charAt(random.nextInt(upstreamChars.length())));
    }
    if (random.nextBoolean()) {
      v.append('-').append(random.nextInt(3) == 0 ? "0" : "");
      for (int n = 1 + random.nextInt(5); n > 0; n--) {
        v.append("0123456789.+~bB".charAt(random.nextInt(15)));
      }
    }
    return v.toString();
  }

  /** {@code version} with one character changed, added or removed, still valid. */
  private static String nearby(String version, Random random) {
    for (int attempt = 0; attempt < 20; attempt++) {
      var v = new StringBuilder(version);
      int at = 1 + random.nextInt(v.length());
      char c = "0123456789.+~aA".charAt(random.nextInt(15));
      int change = at < v.length() ? random.nextInt(3) : 0;
      switch (change) {
        case 0 -> v.insert(at, c);
        case 1 -> v.setCharAt(at, c);
        default -> v.deleteCharAt(at);
      }
      String s = v.toString();
      try {
        DebVersionKey.of(s);
        if (s.matches("(\\d+:)?\\d[0-9A-Za-z.+~]*(-[0-9A-Za-z.+~]+)?")) {
          return s;
        }
      } catch (IllegalArgumentException e) {
        // try another change
      }
    }
    return version + "~";
  }
}
