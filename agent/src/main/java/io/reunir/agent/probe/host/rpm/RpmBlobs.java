package io.reunir.agent.probe.host.rpm;

import java.util.List;

/**
 * What a database file yielded: the header blobs it could read, and one line per record it had to
 * skip (a broken overflow chain, a damaged hash page, an oversized blob), naming where and why.
 */
public record RpmBlobs(List<RpmBlob> blobs, List<String> problems) {}
