package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the sync adds to the node document before it is sent: refused writes and dropped events as
 * {@code reunir.probe.errors} (where people look), and {@code reunir.probe.stale}, one entry per scope
 * whose documents could not be refreshed, with the time since when.
 */
final class Heartbeat {
  private static final int MAX_REFUSALS_SHOWN = 10;

  private Heartbeat() {}

  static ObjectNode withSyncState(ObjectNode heartbeat, List<BulkSender.Failure> failures,
      Map<String, Instant> stale, long droppedEvents) {
    if (failures.isEmpty() && stale.isEmpty() && droppedEvents == 0) {
      return heartbeat;
    }
    ObjectNode copy = heartbeat.deepCopy();
    var reunir = (ObjectNode) copy.get("reunir");
    var probe = reunir.has("probe") ? (ObjectNode) reunir.get("probe") : reunir.putObject("probe");
    if (!failures.isEmpty() || droppedEvents > 0) {
      var errors = probe.has("errors") ? (ArrayNode) probe.get("errors") : probe.putArray("errors");
      int shown = 0;
      for (var failure : failures) {
        if (shown++ == MAX_REFUSALS_SHOWN) {
          errors.addObject().put("probe", "sync")
              .put("error", (failures.size() - MAX_REFUSALS_SHOWN) + " more refused");
          break;
        }
        errors.addObject().put("probe", "sync")
            .put("error", "refused " + failure.id() + ": " + failure.status() + " " + failure.reason());
      }
      if (droppedEvents > 0) {
        errors.addObject().put("probe", "sync").put("error", droppedEvents
            + " change events dropped since the agent started: the changes index refused them too long");
      }
    }
    if (!stale.isEmpty()) {
      var entries = probe.putArray("stale");
      stale.forEach((scope, since) -> entries.addObject().put("scope", scope).put("since", since.toString()));
    }
    return copy;
  }
}
