package io.reunir.agent.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Elasticsearch holds for this node, by {@code _id}: the agent's only memory between cycles.
 * It is bounded by the node's own inventory and updated only for acknowledged writes, so whatever
 * Elasticsearch did not confirm is simply planned again next cycle.
 */
public final class SyncState {
  /**
   * Change events not yet acknowledged, kept for the next cycles. A bound keeps a long outage of the
   * changes index from growing the agent's heap without end; past it the oldest are dropped, counted.
   */
  static final int MAX_PENDING_EVENTS = 5_000;

  private final Map<String, StateEntry> entries = new HashMap<>();
  private Instant readBackAt;
  private boolean baseline;
  private final LinkedHashMap<String, BulkSender.Item> pendingEvents = new LinkedHashMap<>();
  private long droppedEvents;
  private final Map<String, Instant> staleSince = new TreeMap<>();

  public Map<String, StateEntry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  /** When the state was last read back from Elasticsearch, or null if never. */
  public Instant readBackAt() {
    return readBackAt;
  }

  /**
   * True once the node's inventory is known to exist in Elasticsearch (read back or written): from
   * then on differences are changes worth an event; before, the first inventory is not news.
   */
  public boolean hasBaseline() {
    return baseline;
  }

  /**
   * Replaces the state with what Elasticsearch holds. Items the agent knew but Elasticsearch lost keep
   * their last value without a hash: they are written back, and no change is announced for them.
   */
  public void replaceWithReadBack(Map<String, StateEntry> found, Instant at) {
    Map<String, StateEntry> merged = new HashMap<>(found);
    entries.forEach((id, entry) -> merged.putIfAbsent(id, entry.withoutHash()));
    entries.clear();
    entries.putAll(merged);
    readBackAt = at;
    baseline = baseline || !found.isEmpty();
  }

  /** Makes the next cycle read the state back from Elasticsearch (the integrity pass). */
  public void expireReadBack() {
    readBackAt = null;
  }

  /**
   * Remembers an item of the node's first inventory before it is written: should the write fail, the
   * next cycle writes it again without announcing it as newly installed.
   */
  public void rememberUnwritten(String id, StateEntry entry) {
    entries.putIfAbsent(id, entry.withoutHash());
  }

  public void acknowledgeWrite(String id, StateEntry entry) {
    entries.put(id, entry);
    baseline = true;
  }

  /** An event to send until Elasticsearch acknowledges it (its id is stable: a resend is a 409). */
  void addPendingEvent(BulkSender.Item event) {
    pendingEvents.put(event.id(), event);
    for (Iterator<String> oldest = pendingEvents.keySet().iterator();
        pendingEvents.size() > MAX_PENDING_EVENTS; ) {
      oldest.next();
      oldest.remove();
      droppedEvents++;
    }
  }

  List<BulkSender.Item> pendingEvents() {
    return List.copyOf(pendingEvents.values());
  }

  void acknowledgeEvent(String id) {
    pendingEvents.remove(id);
  }

  /** Events dropped because more than {@link #MAX_PENDING_EVENTS} waited at once, since the start. */
  long droppedEvents() {
    return droppedEvents;
  }

  /**
   * Records which scopes could not be refreshed this cycle ({@code packages/rpm}, {@code services}):
   * a scope keeps the time it first went stale until a cycle reads it whole again.
   */
  Map<String, Instant> markStale(Set<String> scopes, Instant now) {
    staleSince.keySet().retainAll(scopes);
    for (String scope : scopes) {
      staleSince.putIfAbsent(scope, now);
    }
    return java.util.Collections.unmodifiableMap(new TreeMap<>(staleSince));
  }

  public void acknowledgeDelete(String id) {
    entries.remove(id);
  }

  public int size() {
    return entries.size();
  }
}
