package io.reunir.agent.redash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a search response into the rows Redash's "Elasticsearch" data source shows (its
 * {@code elasticsearch2} runner), so a test sees what a Redash user sees:
 * <ul>
 *   <li>with aggregations, hits are ignored; each top-level aggregation's buckets become rows, the
 *       bucket key under the aggregation's name, {@code <name>.doc_count} beside it, a nested bucket
 *       aggregation multiplies rows, a metric sub-aggregation gives {@code <name>.<sub>.value};
 *   <li>without, each hit's {@code _source} (else {@code fields}) is flattened with dots, a one-element
 *       array unwrapped, longer arrays kept whole (arrays of objects are not turned into rows);
 *   <li>{@code result_fields} keeps only the named columns: full column names for aggregations, but
 *       only top-level {@code _source} keys for hits.
 * </ul>
 * Behaviour quirks are reproduced on purpose (a row copied from the previous bucket keeps its
 * columns), because the queries must read well in the real thing.
 */
final class RedashResults {
  private final List<String> resultFields;
  private final List<ObjectNode> rows = new ArrayList<>();

  private RedashResults(List<String> resultFields) {
    this.resultFields = resultFields;
  }

  static List<ObjectNode> rows(JsonNode response, List<String> resultFields) {
    var results = new RedashResults(resultFields);
    if (response.has("error")) {
      throw new IllegalStateException("Elasticsearch rejected the query: " + response.get("error"));
    }
    if (response.has("aggregations")) {
      response.get("aggregations").properties().forEach(agg -> results.aggregation(agg.getKey(),
          agg.getValue()));
    } else if (response.path("hits").has("hits")) {
      response.get("hits").get("hits").forEach(results::hit);
    } else {
      throw new IllegalStateException("Redash could not parse this response: " + response);
    }
    return results.rows;
  }

  private boolean wanted(String column) {
    return resultFields == null || resultFields.isEmpty() || resultFields.contains(column);
  }

  private void collect(ObjectNode row, String column, JsonNode value) {
    if (wanted(column)) {
      row.set(column, value);
    }
  }

  private void aggregation(String name, JsonNode data) {
    ObjectNode row = EsHttp.JSON.createObjectNode();
    rows.add(row);
    bucketToRow(data, row, name);
    if (data.path("buckets").isArray()) {
      bucketList(name, data.get("buckets"), row, 0);
    }
  }

  /** Copies a bucket's scalars into the row; returns the name of its bucket sub-aggregation, or "". */
  private String bucketToRow(JsonNode bucket, ObjectNode row, String aggKey) {
    String subAgg = "";
    for (Map.Entry<String, JsonNode> field : bucket.properties()) {
      String key = field.getKey();
      JsonNode item = field.getValue();
      if (key.equals("key_as_string")) {
        continue;
      }
      if (key.equals("key")) {
        collect(row, aggKey, bucket.has("key_as_string") ? bucket.get("key_as_string") : item);
      } else if (item.isValueNode() && !item.isNull()) {
        collect(row, aggKey + "." + key, item);
      } else if (item.isObject()) {
        if (item.has("buckets")) {
          subAgg = key;
        } else {
          item.properties().forEach(sub -> collect(row, aggKey + "." + key + "." + sub.getKey(),
              sub.getValue()));
        }
      }
    }
    return subAgg;
  }

  private void bucketList(String parentKey, JsonNode buckets, ObjectNode start, int depth) {
    ObjectNode row = start;
    if (!rows.isEmpty() && depth == 0) {
      row = rows.remove(rows.size() - 1);
    }
    for (JsonNode bucket : buckets) {
      row = row.deepCopy();
      String subAgg = bucketToRow(bucket, row, parentKey);
      if (subAgg.isEmpty()) {
        rows.add(row);
      } else {
        depth++;
        bucketList(subAgg, bucket.get(subAgg).get("buckets"), row, depth);
      }
    }
  }

  private void hit(JsonNode hit) {
    ObjectNode row = EsHttp.JSON.createObjectNode();
    JsonNode source = hit.has("_source") ? hit.get("_source") : hit.path("fields");
    source.properties().forEach(column -> {
      if (wanted(column.getKey())) {
        flatten(column.getKey(), column.getValue(), row);
      }
    });
    rows.add(row);
  }

  private static void flatten(String prefix, JsonNode value, ObjectNode row) {
    if (value.isObject()) {
      value.properties().forEach(f -> flatten(prefix + "." + f.getKey(), f.getValue(), row));
    } else if (value.isArray() && value.size() == 1) {
      row.set(prefix, value.get(0));
    } else {
      row.set(prefix, value);
    }
  }
}
