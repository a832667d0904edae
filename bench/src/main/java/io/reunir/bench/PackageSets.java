package io.reunir.bench;

import io.reunir.agent.model.PackageRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Distinct package sets for simulated nodes, drawn from real package lists: each set is a base
 * (this machine's dpkg status) with some versions drifted, plus a random subset of Debian's index,
 * the way nodes built from one image diverge as people install things and patch at different
 * times. Sets share their immutable records, so a thousand nodes cost a few hundred lists.
 */
final class PackageSets {
  /** Share of base packages whose version differs from the base on a given set. */
  private static final double DRIFT = 0.08;
  private static final int MIN_EXTRA = 20;
  private static final int MAX_EXTRA = 400;

  private PackageSets() {}

  static List<List<PackageRecord>> build(List<PackageRecord> base, List<PackageRecord> index, int count,
      long seed) {
    Set<String> baseNames = new HashSet<>();
    base.forEach(p -> baseNames.add(p.name()));
    List<PackageRecord> extras = index.stream().filter(p -> !baseNames.contains(p.name())).toList();
    List<List<PackageRecord>> sets = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      var random = new Random(seed + k);
      List<PackageRecord> set = new ArrayList<>(base.size() + MAX_EXTRA);
      for (PackageRecord p : base) {
        set.add(random.nextDouble() < DRIFT ? upgraded(p, 1 + random.nextInt(3)) : p);
      }
      int wanted = MIN_EXTRA + random.nextInt(MAX_EXTRA - MIN_EXTRA + 1);
      Set<String> taken = new HashSet<>();
      while (taken.size() < wanted) {
        PackageRecord extra = extras.get(random.nextInt(extras.size()));
        if (taken.add(extra.name())) {
          set.add(extra);
        }
      }
      sets.add(List.copyOf(set));
    }
    return sets;
  }

  /** The set with {@code count} packages upgraded, as an unattended-upgrades run would leave it. */
  static List<PackageRecord> withUpgrades(List<PackageRecord> set, int count, Random random) {
    List<PackageRecord> copy = new ArrayList<>(set);
    Set<Integer> chosen = new HashSet<>();
    while (chosen.size() < Math.min(count, set.size())) {
      chosen.add(random.nextInt(set.size()));
    }
    for (int i : chosen) {
      copy.set(i, upgraded(copy.get(i), 9));
    }
    return copy;
  }

  /** A newer Debian version of the same package: a stable-update suffix, as security uploads add. */
  static PackageRecord upgraded(PackageRecord p, int update) {
    String version = p.version() + "+deb12u" + update;
    int colon = version.indexOf(':');
    int hyphen = version.lastIndexOf('-');
    String release = hyphen > colon ? version.substring(hyphen + 1) : null;
    return new PackageRecord(p.type(), p.name(), version, p.architecture(), p.epoch(), release,
        p.source(), p.sourceVersion(), p.size(), p.installed(), p.state());
  }
}
