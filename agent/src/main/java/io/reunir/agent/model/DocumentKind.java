package io.reunir.agent.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * A kind of document a node has one of per record (packages, services, processes): what the collect
 * output needs to know about it. Registered in {@link DocumentKinds}. A kind whose documents the
 * agent keeps in their own index is an {@link IndexedKind}; the others (processes) are only printed
 * by {@code collect}.
 *
 * @param <R> the record a probe lists
 */
public interface DocumentKind<R> {
  /**
   * The kind's name: its section in {@code collect} output, its completeness scope in the snapshot
   * and, for an {@link IndexedKind}, its index in the contract's {@code IndexLayout}.
   */
  String name();

  /** Whether {@code collect} prints the section when it is empty. */
  default boolean printedWhenEmpty() {
    return true;
  }

  List<R> records(Snapshot snapshot);

  /** The records' documents in snapshot order, rendered one at a time as the caller asks. */
  Iterator<ObjectNode> render(Snapshot snapshot, DocumentContext context);
}
