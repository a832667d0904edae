package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends writes through {@code _bulk} with the Elasticsearch Java client, one request at a time, in
 * batches bounded in bytes, and reads the result of every item: 429 and 5xx items are retried with
 * backoff (a bounded number of times, then left for the next cycle), 409 counts as done, other 4xx are
 * reported once and never retried, and a 413 for the whole request splits the batch.
 */
public final class BulkSender {
  /**
   * Every bulk request's targets must be aliases: should an index vanish, Elasticsearch refuses the
   * write instead of auto-creating a concrete index without the template's mapping. The response keeps
   * only what is read here (each item's status and error, in order) and what the client's typed
   * response requires ({@code took}, each item's {@code _index}): a full answer repeats id, version,
   * sequence number and shard counts for every document.
   */
  static final String FILTER_PATH = "took,errors,items.*._index,items.*.status,items.*.error";
  /** What an action line adds to a document's bytes, besides its index and id. */
  private static final int ACTION_LINE_BYTES = "{\"create\":{\"_id\":\"\",\"_index\":\"\"}}\n\n".length();

  /**
   * One bulk action with its document, serialised once when the item is made and sent as those very
   * bytes; {@code onAck} runs once it is acknowledged. {@code source} is null for a delete.
   */
  public record Item(String action, String index, String id, byte[] source, Runnable onAck) {
    public static Item index(String index, String id, ObjectNode source, Runnable onAck) {
      return index(index, id, bytes(source), onAck);
    }

    /** An index action whose source is already JSON (a document {@link ContentHash#stamp}ed). */
    public static Item index(String index, String id, byte[] source, Runnable onAck) {
      return new Item("index", index, id, source, onAck);
    }

    /** Created only if absent: a resent event answers 409, which is fine. */
    public static Item create(String index, String id, ObjectNode source, Runnable onAck) {
      return new Item("create", index, id, bytes(source), onAck);
    }

    public static Item delete(String index, String id, Runnable onAck) {
      return new Item("delete", index, id, null, onAck);
    }

    /** About the bytes this item adds to a bulk body (ids and names needing no JSON escapes). */
    int size() {
      return ACTION_LINE_BYTES + index.getBytes(StandardCharsets.UTF_8).length
          + id.getBytes(StandardCharsets.UTF_8).length + (source == null ? 0 : source.length);
    }

    BulkOperation operation() {
      return switch (action) {
        case "index" -> BulkOperation.of(o -> o.index(i -> i.index(index).id(id).document(document())));
        case "create" -> BulkOperation.of(o -> o.create(c -> c.index(index).id(id).document(document())));
        case "delete" -> BulkOperation.of(o -> o.delete(d -> d.index(index).id(id)));
        default -> throw new IllegalStateException("unknown bulk action " + action);
      };
    }

    /** The document as the bytes it was serialised to: the client writes them as they are. */
    private BinaryData document() {
      return BinaryData.of(source, ContentType.APPLICATION_JSON);
    }

    private static byte[] bytes(ObjectNode source) {
      try {
        return ContentHash.JSON.writeValueAsBytes(source);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** An item Elasticsearch refused for good. */
  public record Failure(String id, int status, String reason) {}

  /** What one {@link #send} achieved. */
  public record Result(int acknowledged, long bytesSent, int requests, List<Failure> failures,
      int unacknowledged) {}

  private final ElasticsearchClient es;
  private final int maxBatchBytes;
  private final Backoff backoff;
  private final int maxAttempts;
  private int acknowledged;
  private long bytesSent;
  private int requests;
  private final List<Failure> failures = new ArrayList<>();

  public BulkSender(ElasticsearchClient es, int maxBatchBytes, Backoff backoff, int maxAttempts) {
    this.es = es.withTransportOptions(options -> options.setParameter("filter_path", FILTER_PATH));
    this.maxBatchBytes = maxBatchBytes;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Sends every item; returns when each was acknowledged, refused, or ran out of attempts. Throws when
   * Elasticsearch cannot be reached (after retries) or refuses the credentials.
   */
  public Result send(List<Item> items) throws EsException {
    int before = acknowledged;
    int unacknowledged = 0;
    List<Item> batch = new ArrayList<>();
    int batchBytes = 0;
    for (Item item : items) {
      int size = item.size();
      if (!batch.isEmpty() && batchBytes + size > maxBatchBytes) {
        unacknowledged += sendWithRetries(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(item);
      batchBytes += size;
    }
    if (!batch.isEmpty()) {
      unacknowledged += sendWithRetries(batch);
    }
    return new Result(acknowledged - before, bytesSent, requests, List.copyOf(failures), unacknowledged);
  }

  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** Returns how many items are left unacknowledged after the last attempt. */
  private int sendWithRetries(List<Item> batch) throws EsException {
    List<Item> pending = batch;
    for (int attempt = 0; ; attempt++) {
      List<Item> retry;
      try {
        retry = sendOnce(pending);
      } catch (EsException e) {
        if (!e.transientFailure() || attempt + 1 >= maxAttempts) {
          throw e;
        }
        backoff.sleep(attempt);
        continue;
      }
      if (retry.isEmpty()) {
        return 0;
      }
      if (attempt + 1 >= maxAttempts) {
        return retry.size();
      }
      backoff.sleep(attempt);
      pending = retry;
    }
  }

  /** One request; returns the items worth retrying. */
  private List<Item> sendOnce(List<Item> batch) throws EsException {
    var operations = new ArrayList<BulkOperation>(batch.size());
    for (Item item : batch) {
      operations.add(item.operation());
      bytesSent += item.size();
    }
    requests++;
    BulkResponse response;
    try {
      response = EsFailures.call("bulk request", () -> es.bulk(BulkRequest.of(b -> b.requireAlias(true)
          .operations(operations))));
    } catch (EsException e) {
      if (e.status() != 413) {
        throw e;
      }
      if (batch.size() == 1) {
        failures.add(new Failure(batch.get(0).id(), 413, "document larger than http.max_content_length"));
        return List.of();
      }
      int half = batch.size() / 2;
      List<Item> retry = new ArrayList<>(sendOnce(batch.subList(0, half)));
      retry.addAll(sendOnce(batch.subList(half, batch.size())));
      return retry;
    }
    List<BulkResponseItem> items = response.items();
    if (items.size() != batch.size()) {
      throw new EsException(EsException.Kind.IO, 200,
          "bulk response lists " + items.size() + " items for " + batch.size() + " sent");
    }
    List<Item> retry = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Item item = batch.get(i);
      int status = items.get(i).status();
      boolean done = (status >= 200 && status < 300) || status == 409
          || (status == 404 && item.action().equals("delete"));
      if (done) {
        item.onAck().run();
        acknowledged++;
      } else if (status == 429 || status >= 500) {
        retry.add(item);
      } else {
        String reason = EsFailures.reason(items.get(i).error());
        failures.add(new Failure(item.id(), status, reason == null ? "" : reason));
      }
    }
    return retry;
  }
}
