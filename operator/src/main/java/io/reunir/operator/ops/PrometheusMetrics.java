package io.reunir.operator.ops;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * JOSDK's reconcile metrics in the Prometheus text format: reconciles and cleanups by result, and
 * their durations (count and sum, enough for rates and mean latency). Kept in-house because these
 * three series are all the operator needs, and a metrics library would add a dependency tree.
 */
public class PrometheusMetrics implements Metrics {
  private record Key(String controller, String operation, String result) {}

  private final Map<Key, LongAdder> executions = new ConcurrentHashMap<>();
  private final Map<Key, DoubleAdder> seconds = new ConcurrentHashMap<>();

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String result = "error";
    try {
      T value = execution.execute();
      result = "success";
      return value;
    } finally {
      var key = new Key(execution.controllerName(), execution.name(), result);
      executions.computeIfAbsent(key, k -> new LongAdder()).increment();
      seconds.computeIfAbsent(key, k -> new DoubleAdder()).add((System.nanoTime() - start) / 1e9);
    }
  }

  /** The exposition text for {@code /metrics}. */
  public String scrape() {
    var out = new StringBuilder();
    var sortedCounts = new TreeMap<String, Long>();
    var sortedSums = new TreeMap<String, Double>();
    executions.forEach((k, v) -> sortedCounts.put(labels(k), v.sum()));
    seconds.forEach((k, v) -> sortedSums.put(labels(k), v.sum()));
    out.append("# HELP reunir_operator_reconciliations_total Reconcile and cleanup runs by result.\n")
        .append("# TYPE reunir_operator_reconciliations_total counter\n");
    sortedCounts.forEach((l, v) -> out.append("reunir_operator_reconciliations_total").append(l)
        .append(' ').append(v).append('\n'));
    out.append("# HELP reunir_operator_reconciliation_seconds Time spent in reconcile and cleanup.\n")
        .append("# TYPE reunir_operator_reconciliation_seconds summary\n");
    sortedCounts.forEach((l, v) -> out.append("reunir_operator_reconciliation_seconds_count").append(l)
        .append(' ').append(v).append('\n'));
    sortedSums.forEach((l, v) -> out.append("reunir_operator_reconciliation_seconds_sum").append(l)
        .append(' ').append(v).append('\n'));
    return out.toString();
  }

  private static String labels(Key k) {
    return "{controller=\"" + escape(k.controller()) + "\",operation=\"" + escape(k.operation())
        + "\",result=\"" + k.result() + "\"}";
  }

  private static String escape(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
