package io.reunir.operator.advisories;

import java.util.List;

/**
 * What a match pass did: {@code advisories} advisory documents matched, {@code findings} findings
 * they have now, of which {@code written} new or changed; {@code deleted} findings that no longer
 * hold (a package upgraded or gone, an advisory withdrawn or narrowed, a node that left), of which
 * {@code fixed} were a node's fix, recorded as a {@code vulnerability_fixed} event;
 * {@code errorCount} failures, the first ones named in {@code errors}.
 */
public record MatchReport(int advisories, int findings, int written, int deleted, int fixed,
    int errorCount,
    List<String> errors) {}
