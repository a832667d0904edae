package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends writes through {@code _bulk}, one request at a time, in batches bounded in bytes, and reads
 * the result of every item: 429 and 5xx items are retried with backoff (a bounded number of times, then
 * left for the next cycle), 409 counts as done, other 4xx are reported once and never retried, and a
 * 413 for the whole request splits the batch.
 */
public final class BulkSender {
  /**
   * One bulk action; {@code source} is the document's JSON text, null for a delete. {@code onAck} runs
   * once it is acknowledged.
   */
  public record Item(String action, String index, String id, String source, Runnable onAck) {
    public static Item index(String index, String id, ObjectNode source, Runnable onAck) {
      return indexJson(index, id, source.toString(), onAck);
    }

    /** An index action whose document is already JSON text. */
    public static Item indexJson(String index, String id, String source, Runnable onAck) {
      return new Item("index", index, id, source, onAck);
    }

    /** Created only if absent: a resent event answers 409, which is fine. */
    public static Item create(String index, String id, ObjectNode source, Runnable onAck) {
      return new Item("create", index, id, source.toString(), onAck);
    }

    public static Item delete(String index, String id, Runnable onAck) {
      return new Item("delete", index, id, null, onAck);
    }

    byte[] ndjson() {
      var action = EsClient.JSON.createObjectNode();
      action.putObject(this.action).put("_index", index).put("_id", id);
      String text = action + "\n" + (source == null ? "" : source + "\n");
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** An item Elasticsearch refused for good. */
  public record Failure(String id, int status, String reason) {}

  /** What one {@link #send} achieved. */
  public record Result(int acknowledged, long bytesSent, int requests, List<Failure> failures,
      int unacknowledged) {}

  private final EsClient es;
  private final int maxBatchBytes;
  private final Backoff backoff;
  private final int maxAttempts;
  private int acknowledged;
  private long bytesSent;
  private int requests;
  private final List<Failure> failures = new ArrayList<>();

  public BulkSender(EsClient es, int maxBatchBytes, Backoff backoff, int maxAttempts) {
    this.es = es;
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
      int size = item.ndjson().length;
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
    var body = new ByteArrayOutputStream();
    for (Item item : batch) {
      body.writeBytes(item.ndjson());
    }
    byte[] bytes = body.toByteArray();
    requests++;
    bytesSent += bytes.length;
    var response = es.bulk(bytes);
    if (response.status() == 413) {
      if (batch.size() == 1) {
        failures.add(new Failure(batch.get(0).id(), 413, "document larger than http.max_content_length"));
        return List.of();
      }
      int half = batch.size() / 2;
      List<Item> retry = new ArrayList<>(sendOnce(batch.subList(0, half)));
      retry.addAll(sendOnce(batch.subList(half, batch.size())));
      return retry;
    }
    if (!response.ok()) {
      throw EsClient.error("bulk request", response);
    }
    JsonNode items = response.json().path("items");
    if (!items.isArray() || items.size() != batch.size()) {
      throw new EsException(EsException.Kind.IO, response.status(),
          "bulk response lists " + items.size() + " items for " + batch.size() + " sent");
    }
    List<Item> retry = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Item item = batch.get(i);
      JsonNode result = items.get(i).elements().next();
      int status = result.path("status").asInt();
      boolean done = (status >= 200 && status < 300) || status == 409
          || (status == 404 && item.action().equals("delete"));
      if (done) {
        item.onAck().run();
        acknowledged++;
      } else if (status == 429 || status >= 500) {
        retry.add(item);
      } else {
        JsonNode error = result.path("error");
        String reason = (error.path("type").asText("") + " " + error.path("reason").asText("")).strip();
        failures.add(new Failure(item.id(), status, reason.length() > 300 ? reason.substring(0, 300) : reason));
      }
    }
    return retry;
  }

}
