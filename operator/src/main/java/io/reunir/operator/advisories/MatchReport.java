package io.reunir.operator.advisories;

import java.util.List;

/**
 * What a match pass did: {@code advisories} advisory documents matched, {@code findings} findings
 * they have now, of which {@code written} new or changed; {@code deleted} findings that no longer
 * hold (a package upgraded or gone, an advisory withdrawn or narrowed, a node that left);
 * {@code errorCount} failures, the first ones named in {@code errors}.
 */
public record MatchReport(int advisories, int findings, int written, int deleted, int errorCount,
    List<String> errors) {

  /** Both passes' counts; {@code errors} keeps this pass's first, then the other's. */
  public MatchReport plus(MatchReport other) {
    var both = new java.util.ArrayList<>(errors);
    both.addAll(other.errors);
    return new MatchReport(advisories + other.advisories, findings + other.findings,
        written + other.written, deleted + other.deleted, errorCount + other.errorCount, List.copyOf(both));
  }
}
