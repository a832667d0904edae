package io.reunir.agent.probe.host.rpm;

import java.nio.file.Path;

/**
 * Scratch measurement, not a test: packages parsed per second from the 129-package CBL-Mariner
 * database in a warm loop, once for the whole read (sqlite open + query + parse) and once for
 * header parsing alone. Run: {@code java -cp <test-classpath> ...RpmParseThroughput [seconds]}.
 */
public final class RpmParseThroughput {
  private RpmParseThroughput() {}

  public static void main(String[] args) throws Exception {
    Path db =
        args.length > 1
            ? Path.of(args[1])
            : RpmFixtures.mariner();
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    RpmBlobs blobs = RpmSqliteDatabase.readBlobs(db);
    measure(
        "read + parse",
        seconds,
        () -> RpmDatabase.fromBlobs(RpmSqliteDatabase.readBlobs(db)).packages().size());
    measure("parse only  ", seconds, () -> RpmDatabase.fromBlobs(blobs).packages().size());
  }

  private interface Round {
    int run() throws Exception;
  }

  private static void measure(String what, long seconds, Round round) throws Exception {
    long warmEnd = System.nanoTime() + seconds * 1_000_000_000L / 2;
    while (System.nanoTime() < warmEnd) {
      round.run();
    }
    long packages = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      packages += round.run();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%s: %.0f packages/s (%d packages in %.1f s)%n",
        what, packages / elapsed, packages, elapsed);
  }
}
