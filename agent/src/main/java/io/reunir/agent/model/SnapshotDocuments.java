package io.reunir.agent.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;

/**
 * A whole snapshot as {@code {"node": {...}, "packages": [...], "services": [...]}}, plus
 * {@code "processes": [...]} when the opt-in processes probe listed any: the node document, then
 * each {@link DocumentKinds document kind} in its order.
 */
public final class SnapshotDocuments {
  private SnapshotDocuments() {}

  public static ObjectNode render(Snapshot snapshot, DocumentContext context) {
    var root = JsonNodeFactory.instance.objectNode();
    root.set("node", Documents.node(snapshot, context));
    for (DocumentKind<?> kind : DocumentKinds.ALL) {
      if (!printed(kind, snapshot)) {
        continue;
      }
      ArrayNode array = root.putArray(kind.name());
      kind.render(snapshot, context).forEachRemaining(array::add);
    }
    return root;
  }

  /**
   * Streams the same JSON as {@link #render} one document at a time, so a host with tens of
   * thousands of packages never holds all its documents at once. {@code out} needs no codec.
   */
  public static void write(Snapshot snapshot, DocumentContext context, JsonGenerator out)
      throws IOException {
    out.writeStartObject();
    out.writeFieldName("node");
    JsonTrees.write(Documents.node(snapshot, context), out);
    for (DocumentKind<?> kind : DocumentKinds.ALL) {
      if (!printed(kind, snapshot)) {
        continue;
      }
      out.writeArrayFieldStart(kind.name());
      for (Iterator<ObjectNode> it = kind.render(snapshot, context); it.hasNext(); ) {
        JsonTrees.write(it.next(), out);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private static boolean printed(DocumentKind<?> kind, Snapshot snapshot) {
    return kind.printedWhenEmpty() || !kind.records(snapshot).isEmpty();
  }
}
