package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.model.Snapshot;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's sync with Elasticsearch, cycle after cycle. A cycle reads the node's state back when it
 * is due (at start and then every {@code readBackEvery}), sends the delta, the change events of what
 * was acknowledged, and finally the heartbeat. It keeps only {@link SyncState} between cycles.
 */
public final class SyncEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

  /** How the engine talks to Elasticsearch; {@link #defaults} suits production. */
  public record Settings(Duration readBackEvery, int maxBatchBytes, Backoff backoff, int maxAttempts,
      Duration requestTimeout) {
    public static Settings defaults() {
      return new Settings(Duration.ofHours(24), 2 * 1024 * 1024, Backoff.DEFAULT, 5, Duration.ofSeconds(30));
    }
  }

  /** What one cycle did; {@code converged} means Elasticsearch now holds the node's current state. */
  public record CycleReport(int written, int deleted, int events, long bytesSent, int requests,
      List<BulkSender.Failure> failures, int unacknowledged, boolean readBack, boolean drifted,
      Map<String, Instant> stale, Duration wall, int images) {
    public boolean converged() {
      return failures.isEmpty() && unacknowledged == 0;
    }

    /** Documents Elasticsearch acknowledged: upserts, deletes, events, image documents and the heartbeat. */
    public int documents() {
      return written + deleted + events + images + 1;
    }
  }

  private final Settings settings;
  private final SyncState state = new SyncState();
  private final ImageSync images = new ImageSync();
  private final EsConnection connection = new EsConnection();
  private final Set<String> reportedReasons = new LinkedHashSet<>();
  private String templatesFor;
  private long reportedDrops;
  private boolean mappingsOutdated;

  public SyncEngine(Settings settings) {
    this.settings = settings;
  }

  public SyncState state() {
    return state;
  }

  /** Asks for a read-back of the node's ids and hashes at the next cycle (the integrity pass). */
  public void requestReadBack() {
    state.expireReadBack();
  }

  public CycleReport sync(Snapshot snapshot, DocumentContext context, ElasticsearchConfig config)
      throws IOException {
    long started = System.nanoTime();
    var layout = new IndexLayout(config.indexPrefix());
    ElasticsearchClient es = connection.client(config, settings.requestTimeout());
    Instant now = snapshot.collectedAt();
    boolean readBack = state.readBackAt() == null
        || !now.isBefore(state.readBackAt().plus(settings.readBackEvery()));
    var key = NodeInventory.keyOf(snapshot, context);
    Map<String, StateEntry> found = null;
    boolean drifted = false;
    if (!config.indexPrefix().equals(templatesFor)) {
      // The read-back's search also proves the four aliases exist; only when one is missing are the
      // templates and indices looked at (each request here is multiplied by the fleet's nodes).
      found = readBack && key != null ? StateReader.readIfIndicesExist(es, layout, key) : null;
      if (found == null) {
        ensureTemplates(es, config);
      }
      templatesFor = config.indexPrefix();
    } else if (!readBack && key != null) {
      drifted = !inStep(es, layout, key, config);
      readBack = drifted;
    }
    if (mappingsOutdated) {
      LOG.info("Extended the mappings of {} with this agent's fields",
          TemplateInstall.extendMappings(es, config.indexPrefix()));
      mappingsOutdated = false;
    }
    var inventory = NodeInventory.of(snapshot, context);
    if (readBack) {
      state.replaceWithReadBack(found != null ? found : StateReader.read(es, layout, inventory.node()), now);
      images.forget();
    }
    var plan = DeltaPlanner.plan(inventory.documents(), state.entries(), state.hasBaseline(),
        snapshot::mayDelete);

    long written = now.toEpochMilli();
    List<DeltaPlanner.ChangeEvent> acknowledgedChanges = new ArrayList<>();
    List<BulkSender.Item> writes = new ArrayList<>();
    int[] counts = new int[3];
    for (var upsert : plan.upserts()) {
      var doc = upsert.document();
      if (upsert.event() == null) {
        state.rememberUnwritten(doc.id(), doc.entry());
      }
      writes.add(BulkSender.Item.index(layout.alias(doc.index()), doc.id(), doc.json(), () -> {
        state.acknowledgeWrite(doc.id(), doc.entry().writtenAt(written));
        counts[0]++;
        if (upsert.event() != null) {
          acknowledgedChanges.add(upsert.event());
        }
      }));
    }
    for (var delete : plan.deletes()) {
      writes.add(BulkSender.Item.delete(layout.alias(delete.index()), delete.id(), () -> {
        state.acknowledgeDelete(delete.id());
        counts[1]++;
        if (delete.event() != null) {
          acknowledgedChanges.add(delete.event());
        }
      }));
    }
    var sender = new BulkSender(es, settings.maxBatchBytes(), settings.backoff(), settings.maxAttempts());
    // Images before the containers that name them, so a reader following a fingerprint finds it.
    int imageDocuments = images.send(es, layout, snapshot, sender);
    var first = sender.send(writes);

    // Events only for acknowledged changes, so the changes index never tells of a write that failed;
    // each waits in the state until acknowledged, so a failed event write is sent again next cycle.
    ObjectNode nodeFields = nodeFields(inventory.heartbeat());
    for (var change : acknowledgedChanges) {
      ObjectNode event = DeltaPlanner.eventDocument(change, nodeFields, inventory.timestamp(),
          inventory.scanId());
      state.addPendingEvent(BulkSender.Item.create(layout.changes(), eventId(inventory.scanId(), change),
          event, () -> { }));
    }
    List<BulkSender.Item> last = new ArrayList<>();
    for (var event : state.pendingEvents()) {
      last.add(new BulkSender.Item(event.action(), event.index(), event.id(), event.source(), () -> {
        state.acknowledgeEvent(event.id());
        counts[2]++;
      }));
    }
    var stale = state.markStale(staleScopes(snapshot), now);
    ObjectNode heartbeat = Heartbeat.withSyncState(inventory.heartbeat(), sender.failures(), stale,
        state.droppedEvents());
    last.add(BulkSender.Item.index(layout.nodes(), inventory.node().id(), heartbeat, () -> { }));
    var second = sender.send(last);
    for (var failure : sender.failures()) {
      state.acknowledgeEvent(failure.id()); // refused for good: resending cannot help
      if (failure.reason().contains("index_not_found")) {
        templatesFor = null; // someone removed an index: create it again next cycle
      }
      // An index made by an older version: add the new fields next cycle. A new top-level value is
      // refused by the templates' dynamic template (a strict object), not as strict_dynamic_mapping.
      if (failure.reason().contains("strict_dynamic_mapping_exception")
          || failure.reason().contains("as object, but found a concrete value")) {
        mappingsOutdated = true;
      }
      String line = failure.status() + " " + failure.reason();
      if (reportedReasons.add(line)) {
        LOG.warn("Elasticsearch refused {}: {}", failure.id(), line);
      }
    }
    if (state.droppedEvents() > reportedDrops) {
      LOG.warn("{} change events dropped: more than {} waited for Elasticsearch at once",
          state.droppedEvents() - reportedDrops, SyncState.MAX_PENDING_EVENTS);
      reportedDrops = state.droppedEvents();
    }
    // The heartbeat is either acknowledged, refused (a failure) or left unacknowledged: all counted.
    return new CycleReport(counts[0], counts[1], counts[2], second.bytesSent(), second.requests(),
        sender.failures(), first.unacknowledged() + second.unacknowledged(), readBack, drifted, stale,
        Duration.ofNanos(System.nanoTime() - started), imageDocuments);
  }

  private void ensureTemplates(ElasticsearchClient es, ElasticsearchConfig config) throws IOException {
    var created = TemplateInstall.ensure(es, config.indexPrefix());
    if (!created.templatesCreated().isEmpty() || !created.indicesCreated().isEmpty()) {
      LOG.info("Created index templates {} and indices {}", created.templatesCreated(),
          created.indicesCreated());
    }
  }

  /**
   * The drift check of a cycle that does not read back anyway. A difference may only be writes of the
   * last second that no refresh has made searchable yet: those indices are refreshed and checked once
   * more before the difference counts (a real drift is rare, so the refresh is too).
   */
  private boolean inStep(ElasticsearchClient es, IndexLayout layout, NodeInventory.NodeKey key,
      ElasticsearchConfig config) throws IOException {
    var check = DriftCheck.check(es, layout, key, state);
    if (!check.inStep() && !check.aliasMissing()) {
      // Refresh needs the maintenance privilege; without it the read-back still repairs.
      try {
        EsFailures.call("refreshing", () -> es.indices().refresh(r -> r.index(DocumentKinds.aliasList(layout))));
      } catch (EsException e) {
        if (e.status() == 0) {
          throw e;
        }
      }
      check = DriftCheck.check(es, layout, key, state);
    }
    if (check.inStep()) {
      return true;
    }
    LOG.warn("Elasticsearch is not in step with this node ({}); reading its state back to repair it",
        check.drift().orElse(""));
    if (check.aliasMissing()) {
      ensureTemplates(es, config);
    }
    return false;
  }

  /** The scopes of held documents that this snapshot could not read whole: they are kept, stale. */
  private Set<String> staleScopes(Snapshot snapshot) {
    Set<String> scopes = new TreeSet<>();
    for (StateEntry entry : state.entries().values()) {
      if (!snapshot.mayDelete(entry.index(), entry.type())) {
        scopes.add(entry.scope());
      }
    }
    return scopes;
  }

  /** The fields every document of the node repeats, taken from the heartbeat. */
  private static ObjectNode nodeFields(ObjectNode heartbeat) {
    ObjectNode fields = ContentHash.JSON.createObjectNode();
    if (heartbeat.has("orchestrator")) {
      fields.set("orchestrator", heartbeat.get("orchestrator").deepCopy());
    }
    var host = fields.putObject("host");
    host.set("name", heartbeat.path("host").path("name").deepCopy());
    if (heartbeat.path("host").has("os")) {
      host.set("os", heartbeat.path("host").path("os").deepCopy());
    }
    return fields;
  }

  /** A stable id per (scan, document, action): a resent event is a harmless 409. */
  private static String eventId(String scanId, DeltaPlanner.ChangeEvent change) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (scanId + "\n" + change.documentId() + "\n" + change.action()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
