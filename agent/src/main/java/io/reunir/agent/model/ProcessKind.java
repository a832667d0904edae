package io.reunir.agent.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** One document per (node, process), from the opt-in processes probe: printed, not indexed. */
final class ProcessKind implements DocumentKind<ProcessRecord> {
  static final ProcessKind KIND = new ProcessKind();

  private ProcessKind() {}

  @Override
  public String name() {
    return "processes";
  }

  @Override
  public boolean printedWhenEmpty() {
    return false;
  }

  @Override
  public List<ProcessRecord> records(Snapshot snapshot) {
    return snapshot.processes();
  }

  @Override
  public Iterator<ObjectNode> render(Snapshot snapshot, DocumentContext context) {
    return snapshot.processes().stream().map(p -> Documents.processDoc(snapshot, context, p)).iterator();
  }
}
