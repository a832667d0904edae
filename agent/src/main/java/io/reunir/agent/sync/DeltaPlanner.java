package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.model.IndexedKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Compares what the node has now with what Elasticsearch holds and says what to send: upserts of new or
 * changed documents, deletes of vanished ones, and the change event each of them is worth. Pure: no
 * I/O, no clock; the caller decides what is acknowledged.
 */
public final class DeltaPlanner {
  private DeltaPlanner() {}

  /** One write, with the event to record once Elasticsearch acknowledged it (null for none). */
  public record Upsert(DesiredDocument document, ChangeEvent event) {}

  /** One delete, with its event. */
  public record Delete(String index, String id, ChangeEvent event) {}

  /** A change worth a document in the changes index. */
  public record ChangeEvent(String action, StateEntry now, StateEntry before, String documentId) {}

  public record Plan(List<Upsert> upserts, List<Delete> deletes) {
    public int size() {
      return upserts.size() + deletes.size();
    }
  }

  /**
   * {@code mayDelete} says, per kind and package type, whether the snapshot read that scope whole
   * ({@link io.reunir.agent.model.Snapshot#mayDelete}): a held document of a scope that was not read
   * whole is kept as it is, with no delete and no removal event.
   */
  public static Plan plan(List<DesiredDocument> desired, Map<String, StateEntry> state,
      boolean announceChanges, BiPredicate<String, String> mayDelete) {
    List<Upsert> upserts = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (DesiredDocument doc : desired) {
      present.add(doc.id());
      StateEntry held = state.get(doc.id());
      if (held != null && Objects.equals(held.hash(), doc.entry().hash())) {
        continue;
      }
      ChangeEvent event = null;
      if (announceChanges) {
        String action = changeAction(doc.entry(), held);
        if (action != null) {
          event = new ChangeEvent(action, doc.entry(), held, doc.id());
        }
      }
      upserts.add(new Upsert(doc, event));
    }
    List<Delete> deletes = new ArrayList<>();
    for (var entry : state.entrySet()) {
      if (present.contains(entry.getKey())) {
        continue;
      }
      StateEntry gone = entry.getValue();
      if (!mayDelete.test(gone.index(), gone.type())) {
        continue;
      }
      ChangeEvent event = announceChanges
          ? new ChangeEvent(DocumentKinds.indexed(gone.index()).removed(), null, gone, entry.getKey())
          : null;
      deletes.add(new Delete(gone.index(), entry.getKey(), event));
    }
    deletes.sort(java.util.Comparator.comparing(Delete::id));
    return new Plan(List.copyOf(upserts), List.copyOf(deletes));
  }

  /** The action a write stands for, or null when it changes nothing a person asks about. */
  static String changeAction(StateEntry now, StateEntry before) {
    IndexedKind<?> kind = DocumentKinds.indexed(now.index());
    if (before == null) {
      return kind.added();
    }
    if (Objects.equals(before.value(), now.value())) {
      return null;
    }
    return kind.changed(before.value(), now.value());
  }

  /** The change document: the node fields of the written document, the event and the versions. */
  public static ObjectNode eventDocument(ChangeEvent event, ObjectNode nodeFields, String timestamp,
      String scanId) {
    ObjectNode doc = nodeFields.deepCopy();
    doc.put("@timestamp", timestamp);
    var eventNode = doc.putObject("event");
    eventNode.put("kind", "event").put("action", event.action());
    StateEntry subject = event.now() != null ? event.now() : event.before();
    var reunir = doc.putObject("reunir");
    reunir.putObject("document").put("id", event.documentId());
    reunir.putObject("scan").put("id", scanId);
    DocumentKinds.indexed(subject.index()).putEventFields(doc, reunir, subject.subject(),
        event.now() == null ? null : event.now().subject(),
        event.before() == null ? null : event.before().subject());
    return doc;
  }
}
