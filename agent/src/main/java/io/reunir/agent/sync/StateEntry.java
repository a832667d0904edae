package io.reunir.agent.sync;

import io.reunir.agent.model.IndexedKind;

/**
 * What the agent remembers about one document Elasticsearch holds for its node: the content hash, and
 * the few fields change events quote ({@link IndexedKind.Subject}). {@code value} is
 * {@code package.version} for a package and {@code service.state} for a service. A null hash means
 * "known on the node but not in Elasticsearch": it is written again without announcing a change. {@code written} is the document's
 * {@code @timestamp} in epoch milliseconds (0 when unknown): the drift check compares the newest one.
 */
public record StateEntry(String index, String hash, String type, String name, String architecture,
    String value, long written) {

  public StateEntry(String index, String hash, String type, String name, String architecture,
      String value) {
    this(index, hash, type, name, architecture, value, 0L);
  }

  StateEntry withoutHash() {
    return new StateEntry(index, null, type, name, architecture, value, 0L);
  }

  StateEntry writtenAt(long millis) {
    return new StateEntry(index, hash, type, name, architecture, value, millis);
  }

  /** The fields its kind quotes in change events. */
  IndexedKind.Subject subject() {
    return new IndexedKind.Subject(type, name, architecture, value);
  }

  /** The completeness scope the entry belongs to: {@code packages/deb}, {@code services}. */
  String scope() {
    return type == null ? index : index + "/" + type;
  }
}
