package io.reunir.operator.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The operator's requests to one policy's Elasticsearch, through the Elasticsearch Java client over
 * every URL of the policy (failover): counts and the node listing for status, and the templates,
 * indices and deletes the acting steps need. TLS is verified against the policy's CA (or the JDK's
 * trust store), never switched off.
 */
public final class InventoryStore implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int DELETE_BATCH = 1000;
  private static final int MAX_DELETE_ROUNDS = 100;

  /** Elasticsearch answered with an error, or could not be reached; the message says which. */
  public static final class StoreException extends IOException {
    private final boolean answered;
    private final int status;

    public StoreException(String message, boolean answered) {
      this(message, answered, 0);
    }

    StoreException(String message, boolean answered, int status) {
      super(message);
      this.answered = answered;
      this.status = status;
    }

    /** True when Elasticsearch was reached and refused (auth, missing privilege, bad request). */
    public boolean answered() {
      return answered;
    }

    /** The HTTP status Elasticsearch answered with, 0 when it did not answer. */
    public int status() {
      return status;
    }
  }

  private final ElasticsearchClient client;
  private final IndexLayout layout;
  private final String where;

  private InventoryStore(ElasticsearchClient client, IndexLayout layout, String where) {
    this.client = client;
    this.layout = layout;
    this.where = where;
  }

  public static InventoryStore connect(EsEndpoint endpoint, String indexPrefix) throws StoreException {
    String where = endpoint.urls().stream().map(URI::toString).collect(Collectors.joining(", "));
    try {
      return new InventoryStore(EsClients.connect(endpoint, TIMEOUT), new IndexLayout(indexPrefix), where);
    } catch (IOException e) {
      throw new StoreException("cannot use the policy's Elasticsearch settings: " + e.getMessage(), true);
    }
  }

  public IndexLayout layout() {
    return layout;
  }

  /** Nodes of this cluster and policy whose node document (the heartbeat) is at or after {@code since}. */
  public int countNodesSeenSince(String cluster, String policy, Instant since) throws StoreException {
    Query seen = Query.of(q -> q.range(r -> r.date(d -> d.field("@timestamp").gte(since.toString()))));
    try {
      return (int) client.count(c -> c.index(layout.nodes()).ignoreUnavailable(true)
          .query(q -> q.bool(b -> b.filter(term("orchestrator.cluster.name", cluster),
              term("reunir.policy", policy), seen)))).count();
    } catch (IOException | ElasticsearchException e) {
      throw failure("counting nodes in " + layout.nodes(), e);
    }
  }

  /** The node names this cluster and policy have documents for. */
  public Set<String> nodeNames(String cluster, String policy) throws StoreException {
    try {
      var response = client.search(s -> s.index(layout.nodes()).ignoreUnavailable(true).size(0)
          .query(q -> q.bool(b -> b.filter(term("orchestrator.cluster.name", cluster),
              term("reunir.policy", policy))))
          .aggregations("names", a -> a.terms(t -> t.field("host.name").size(10_000))), Void.class);
      var names = new TreeSet<String>();
      var aggregate = response.aggregations().get("names");
      if (aggregate != null) {
        aggregate.sterms().buckets().array().forEach(b -> names.add(b.key().stringValue()));
      }
      return names;
    } catch (IOException | ElasticsearchException e) {
      throw failure("listing nodes in " + layout.nodes(), e);
    }
  }

  /**
   * Deletes a node's documents from the state indices and records a {@code node_removed} change
   * event, so the inventory holds no ghosts while its history stays. Returns how many were deleted.
   */
  public long removeNode(String cluster, String node, Instant now) throws StoreException {
    var indices = List.of(layout.nodes(), layout.packages(), layout.services(), layout.containers());
    Query ofNode = Query.of(q -> q.bool(b -> b.filter(term("orchestrator.cluster.name", cluster),
        term("host.name", node))));
    long deleted = deleteAll(indices, ofNode, "node " + node);
    try {
      Map<String, Object> event = Map.of(
          "@timestamp", now.toString(),
          "orchestrator", Map.of("cluster", Map.of("name", cluster)),
          "host", Map.of("name", node),
          "event", Map.of("kind", "event", "action", "node_removed"));
      client.index(i -> i.index(layout.changes()).refresh(Refresh.True).document(event));
      return deleted;
    } catch (IOException | ElasticsearchException e) {
      throw failure("removing node " + node + "'s documents", e);
    }
  }

  /** Deletes the documents of {@code index} whose {@code field} is {@code value}; returns how many. */
  public long deleteWhere(String index, String field, String value) throws StoreException {
    return deleteAll(List.of(index), term(field, value), field + " " + value);
  }

  /**
   * The distinct values of a keyword field of an index, each with the newest {@code @timestamp} of
   * its documents (null when they have none), a composite aggregation page at a time. Callers delete
   * on what this returns, so an answer that may be partial is an error: a missing index (unless
   * {@code mayBeMissing}), a shard that failed, a search that timed out.
   */
  public Map<String, Instant> newestByValue(String index, String field, boolean mayBeMissing)
      throws StoreException {
    Map<String, Instant> values = new TreeMap<>();
    Map<String, FieldValue> after = null;
    try {
      while (true) {
        Map<String, FieldValue> from = after;
        var answer = client.search(s -> s.index(index).ignoreUnavailable(mayBeMissing).size(0)
            .aggregations("values", a -> a.composite(c -> {
              c.size(DELETE_BATCH).sources(List.of(Map.of("value", CompositeAggregationSource.of(
                  src -> src.terms(t -> t.field(field))))));
              return from == null ? c : c.after(from);
            }).aggregations("newest", n -> n.max(m -> m.field("@timestamp")))), Void.class);
        if (answer.timedOut() || answer.shards().failed().intValue() > 0) {
          throw new StoreException(where + " answered only in part to listing " + field + " of " + index
              + " (" + answer.shards().failed() + " shards failed" + (answer.timedOut() ? ", timed out" : "")
              + ")", true);
        }
        var aggregate = answer.aggregations().get("values");
        if (aggregate == null) {
          return values; // no index behind the name: nothing to list
        }
        var composite = aggregate.composite();
        for (var bucket : composite.buckets().array()) {
          double newest = bucket.aggregations().get("newest").max().value(); // NaN: no @timestamp
          values.put(bucket.key().get("value").stringValue(),
              Double.isFinite(newest) ? Instant.ofEpochMilli((long) newest) : null);
        }
        if (composite.afterKey() == null || composite.afterKey().isEmpty()
            || composite.buckets().array().isEmpty()) {
          return values;
        }
        after = composite.afterKey();
      }
    } catch (IOException | ElasticsearchException e) {
      throw failure("listing " + field + " of " + index, e);
    }
  }

  /**
   * Search-then-bulk-delete rather than deleteByQuery: that lives in the reindex module, which
   * minimal distributions (the tests' among them) lack. Bounded: a node, or an image, has some
   * thousands of documents.
   */
  private long deleteAll(List<String> indices, Query query, String of) throws StoreException {
    long deleted = 0;
    try {
      for (int round = 0; round < MAX_DELETE_ROUNDS; round++) {
        List<Hit<Void>> hits = client.search(s -> s.index(indices).ignoreUnavailable(true)
            .size(DELETE_BATCH).source(src -> src.fetch(false)).query(query), Void.class).hits().hits();
        if (hits.isEmpty()) {
          break;
        }
        var bulk = client.bulk(b -> {
          b.refresh(Refresh.True);
          hits.forEach(hit -> b.operations(op -> op.delete(d -> d.index(hit.index()).id(hit.id()))));
          return b;
        });
        for (var item : bulk.items()) {
          if (item.status() == 200) {
            deleted++;
          } else if (item.status() != 404) {
            String reason = item.error() == null ? "status " + item.status() : item.error().reason();
            throw new StoreException(where + " refused to delete " + item.id() + " of " + of
                + " (status " + item.status() + "): " + reason + privilegeHint(item.status(),
                    "delete on " + layout.prefix() + "-* (index privilege)"), true, item.status());
          }
        }
      }
      return deleted;
    } catch (IOException | ElasticsearchException e) {
      throw failure("removing the documents of " + of, e);
    }
  }

  /** Puts one index template unless one of that name exists; true when this call created it. */
  public boolean createTemplate(String name, ObjectNode body) throws StoreException {
    String template = layout.templateName(name);
    try {
      client.indices().putIndexTemplate(p -> p.withJson(new StringReader(body.toString()))
          .name(template).create(true));
      return true;
    } catch (ElasticsearchException e) {
      if (e.status() == 400 && String.valueOf(e.error().reason()).contains("already exists")) {
        return false; // create=true: a template someone tuned, or another operator put, is never replaced
      }
      throw failure("creating index template " + template, e,
          "manage_index_templates (cluster privilege)");
    } catch (IOException e) {
      throw failure("creating index template " + template, e);
    }
  }

  /** Creates the {@code -v1} index behind one alias unless the alias exists; true when created. */
  public boolean createIndex(String name) throws StoreException {
    String alias = layout.alias(name);
    String index = layout.concreteIndex(name);
    try {
      if (client.indices().existsAlias(a -> a.name(alias)).value()) {
        return false;
      }
      client.indices().create(c -> c.index(index).aliases(alias, a -> a.isWriteIndex(true)));
      return true;
    } catch (ElasticsearchException e) {
      if ("resource_already_exists_exception".equals(e.error().type())) {
        return false; // an agent created it a moment ago
      }
      throw failure("creating index " + index + " with alias " + alias, e,
          "create_index and manage on " + layout.prefix() + "-* (index privileges)");
    } catch (IOException e) {
      throw failure("creating index " + index, e);
    }
  }

  @Override
  public void close() {
    try {
      client._transport().close();
    } catch (IOException e) {
      // Nothing to do: the connections were ours alone and go with the client.
    }
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  private StoreException failure(String doing, Exception e) {
    return failure(doing, e, null);
  }

  /** Elasticsearch's own reason (a 403 names the action and the privileges that grant it), plus ours. */
  private StoreException failure(String doing, Exception e, String privilege) {
    if (e instanceof ElasticsearchException refused) {
      String reason = refused.error().reason() == null ? refused.error().type() : refused.error().reason();
      return new StoreException(where + " answered " + refused.status() + " to " + doing + ": " + reason
          + privilegeHint(refused.status(), privilege), true, refused.status());
    }
    if (e instanceof TransportException transport && transport.statusCode() > 0) {
      return new StoreException(where + " answered " + transport.statusCode() + " to " + doing
          + " with something that is not Elasticsearch's JSON", true, transport.statusCode());
    }
    String message = e.getMessage();
    return new StoreException("cannot reach " + where + ": " + e.getClass().getSimpleName()
        + (message == null ? "" : " " + message), false);
  }

  private static String privilegeHint(int status, String privilege) {
    return status == 403 && privilege != null ? "; grant the operator's credentials " + privilege : "";
  }
}
