package io.reunir.agent.probe.containers;

import io.reunir.agent.model.ImageRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this process already read of container roots, kept from one collection to the next: an
 * unchanged set of database files (same stats) is neither hashed nor parsed again, and a root whose
 * content hashes to a known fingerprint is not parsed again. What the last collection did not use is
 * dropped at its end, so the cache holds only the images of running containers.
 */
public final class ImageCache {
  private final Map<List<PackageDatabaseFiles.FileStat>, ImageRecord> byStat = new HashMap<>();
  private final Map<String, ImageRecord> byFingerprint = new HashMap<>();
  private final Set<List<PackageDatabaseFiles.FileStat>> statsUsed = new HashSet<>();
  private final Set<String> fingerprintsUsed = new HashSet<>();
  private int parsed;
  private int hashed;

  synchronized ImageRecord byStat(List<PackageDatabaseFiles.FileStat> stats) {
    ImageRecord image = byStat.get(stats);
    if (image != null) {
      statsUsed.add(stats);
      fingerprintsUsed.add(image.fingerprint());
    }
    return image;
  }

  synchronized ImageRecord byFingerprint(String fingerprint, List<PackageDatabaseFiles.FileStat> stats) {
    hashed++;
    ImageRecord image = byFingerprint.get(fingerprint);
    if (image != null) {
      remember(stats, image);
    }
    return image;
  }

  synchronized void parsed(List<PackageDatabaseFiles.FileStat> stats, ImageRecord image) {
    parsed++;
    byFingerprint.put(image.fingerprint(), image);
    remember(stats, image);
  }

  private void remember(List<PackageDatabaseFiles.FileStat> stats, ImageRecord image) {
    byStat.put(stats, image);
    statsUsed.add(stats);
    fingerprintsUsed.add(image.fingerprint());
  }

  /** Ends a collection: forgets what it did not use. */
  synchronized void endRound() {
    byStat.keySet().retainAll(statsUsed);
    byFingerprint.keySet().retainAll(fingerprintsUsed);
    statsUsed.clear();
    fingerprintsUsed.clear();
  }

  /** How many roots were parsed and hashed since this cache was made (tests and the bench ask). */
  public synchronized int parsed() {
    return parsed;
  }

  public synchronized int hashed() {
    return hashed;
  }
}
