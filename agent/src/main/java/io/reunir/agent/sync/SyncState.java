package io.reunir.agent.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What Elasticsearch holds for this node, by {@code _id}: the agent's only memory between cycles.
 * It is bounded by the node's own inventory and updated only for acknowledged writes, so whatever
 * Elasticsearch did not confirm is simply planned again next cycle.
 */
public final class SyncState {
  private final Map<String, StateEntry> entries = new HashMap<>();
  private Instant readBackAt;
  private boolean baseline;

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

  public void acknowledgeDelete(String id) {
    entries.remove(id);
  }

  public int size() {
    return entries.size();
  }
}
