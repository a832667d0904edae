package io.reunir.agent.probe;

import java.io.IOException;

/**
 * How many packages one cycle may hold, from the heap this JVM was given. A package costs the most
 * in {@code run} mode, where each one is kept as its rendered, hashed document until the cycle is
 * sent; the per-package cost and the reserve for everything else are the largest cycle's figures
 * in {@code bench/PROFILES.md}. A database with more packages than the budget is refused while it
 * is read, with one error that says what to raise, before the heap runs out: under the image's
 * {@code -XX:+ExitOnOutOfMemoryError} an out-of-memory is the end of the process, not an error a
 * probe could report.
 *
 * <p>Counted while parsing rather than estimated from the file's size: stanzas vary in length (a
 * hostile file can be all short stanzas), records do not.
 */
public record PackageBudget(long maxMemory, int maxPackages, long maxHeaderBytes) {
  /** Heap a run cycle needs besides the packages: classes' data, the sync's buffers, the heartbeat. */
  static final long RESERVE_BYTES = 12L << 20;
  /** Heap one package takes in a run cycle, from parse to bulk request. */
  static final long BYTES_PER_PACKAGE = 1536;
  /** Heap one package takes in {@code collect}: its record, held until the documents are written. */
  static final long BYTES_PER_COLLECTED_PACKAGE = 512;
  /** The fewest packages any budget allows: a small heap still reads a small host. */
  static final int MIN_PACKAGES = 1000;

  /** A database that does not fit: its packages are dropped, the inventory keeps what it had. */
  public static final class Exceeded extends IOException {
    Exceeded(String message) {
      super(message);
    }

    /** The same refusal, naming the file it was about and its size. */
    public Exceeded in(String hostPath, java.nio.file.Path file) {
      String size;
      try {
        size = String.format("%,d bytes", java.nio.file.Files.size(file));
      } catch (IOException e) {
        size = "size unknown";
      }
      return new Exceeded(hostPath + " (" + size + ") " + getMessage());
    }
  }

  public static PackageBudget forThisJvm() {
    return forHeap(Runtime.getRuntime().maxMemory());
  }

  /**
   * For {@code collect}, which holds the package records but renders and writes each document one at
   * a time and keeps no sync state: a package costs a fraction of what a {@code run} cycle needs
   * (see {@code bench/PROFILES.md}, "Package budget").
   */
  public static PackageBudget forCollect() {
    return forCollect(Runtime.getRuntime().maxMemory());
  }

  static PackageBudget forCollect(long maxMemory) {
    return of(maxMemory, BYTES_PER_COLLECTED_PACKAGE);
  }

  /**
   * rpm headers are all held before they are parsed (the sqlite and Berkeley readers return them
   * together), so their bytes get half of what the packages may use.
   */
  public static PackageBudget forHeap(long maxMemory) {
    return of(maxMemory, BYTES_PER_PACKAGE);
  }

  private static PackageBudget of(long maxMemory, long bytesPerPackage) {
    long usable = Math.max(0, maxMemory - RESERVE_BYTES);
    int packages = (int) Math.max(MIN_PACKAGES, Math.min(Integer.MAX_VALUE, usable / bytesPerPackage));
    return new PackageBudget(maxMemory, packages, Math.max(16L << 20, usable / 2));
  }

  /** Whether one more package fits after {@code held}; the error names what to raise. */
  public void checkPackages(int held) throws Exceeded {
    if (held >= maxPackages) {
      throw new Exceeded("holds more than " + maxPackages + " packages, more than "
          + advice());
    }
  }

  /** Whether {@code held} bytes of rpm headers still fit. */
  public void checkHeaderBytes(long held) throws Exceeded {
    if (held > maxHeaderBytes) {
      throw new Exceeded("has more than " + mib(maxHeaderBytes) + " of package headers, more than "
          + advice());
    }
  }

  private String advice() {
    return "this agent's " + mib(maxMemory) + " heap holds (-Xmx); raise the pod's memory limit and"
        + " -Xmx (about " + Math.round(Math.max(0, maxMemory - RESERVE_BYTES) / 1024.0 / maxPackages * 10) / 10.0
        + " KiB per package); until then the node's"
        + " packages of this type are kept as they were";
  }

  private static String mib(long bytes) {
    return (bytes >> 20) + " MiB";
  }
}
