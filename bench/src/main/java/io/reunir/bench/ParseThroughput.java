package io.reunir.bench;

import io.reunir.agent.probe.packages.DpkgStatusParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * In-process parse throughput of {@link DpkgStatusParser}: {@code ParseThroughput STATUS_FILE
 * [SECONDS]}. The file is read into memory once so the figure is the parser's, not the disk's; a
 * warm-up of the same length as the measurement lets the JIT settle, then each timed round parses
 * the whole file. Prints the median MB/s (10^6 bytes) and, on stderr, the spread.
 */
public final class ParseThroughput {
  private ParseThroughput() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ParseThroughput STATUS_FILE [SECONDS]");
      System.exit(2);
    }
    byte[] data = Files.readAllBytes(Path.of(args[0]));
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    int expected = parse(data);
    if (expected == 0) {
      System.err.println("no installed package parsed from " + args[0]);
      System.exit(1);
    }
    runFor(data, seconds, expected); // warm-up, discarded
    double[] rates = runFor(data, seconds, expected);
    Arrays.sort(rates);
    double median = rates[rates.length / 2];
    System.err.printf("%d packages, %.1f MB, %d rounds: min %.0f, median %.0f, max %.0f MB/s%n",
        expected, data.length / 1e6, rates.length, rates[0], median, rates[rates.length - 1]);
    System.out.printf("%.0f%n", median);
  }

  private static double[] runFor(byte[] data, double seconds, int expected) throws IOException {
    double[] rates = new double[4096];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while ((n < 5 || System.nanoTime() < end) && n < rates.length) {
      long start = System.nanoTime();
      int parsed = parse(data);
      long took = System.nanoTime() - start;
      // Using the result keeps the work from being optimised away and catches a broken parse.
      if (parsed != expected) {
        throw new IllegalStateException("parsed " + parsed + " packages, expected " + expected);
      }
      rates[n++] = data.length / 1e6 / (took / 1e9);
    }
    return Arrays.copyOf(rates, n);
  }

  private static int parse(byte[] data) throws IOException {
    var result = DpkgStatusParser.parse(new ByteArrayInputStream(data), DpkgStatusParser.Mode.STATUS);
    return result.packages().size();
  }
}
