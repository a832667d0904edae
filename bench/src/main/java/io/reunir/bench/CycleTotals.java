package io.reunir.bench;

import io.reunir.agent.sync.SyncEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/** One fleet cycle summed over its nodes. */
record CycleTotals(String name, int nodes, int changedNodes, long documents, long written, long deleted,
    long events, long bytes, long requests, int notConverged, double seconds, double esCpuSeconds,
    double agentCpuSeconds) {

  Map<String, String> keyValues() {
    var values = new LinkedHashMap<String, String>();
    values.put("nodes", Integer.toString(nodes));
    values.put("changed_nodes", Integer.toString(changedNodes));
    values.put("docs", Long.toString(documents));
    values.put("written", Long.toString(written));
    values.put("deleted", Long.toString(deleted));
    values.put("events", Long.toString(events));
    values.put("bytes", Long.toString(bytes));
    values.put("requests", Long.toString(requests));
    values.put("not_converged", Integer.toString(notConverged));
    values.put("seconds", String.format("%.3f", seconds));
    values.put("docs_per_s", String.format("%.0f", documents / seconds));
    values.put("es_cpu_seconds", String.format("%.2f", esCpuSeconds));
    values.put("agent_cpu_seconds", String.format("%.2f", agentCpuSeconds));
    values.put("docs_per_node", String.format("%.2f", (double) documents / nodes));
    return values;
  }

  @Override
  public String toString() {
    return String.format("%s: %d nodes, %d documents (%d upserts, %d deletes, %d events), %.1f MB in"
        + " %d requests, %.1f s, %.0f docs/s, %d not converged, CPU: Elasticsearch %.2f s, agents %.2f s",
        name, nodes, documents, written, deleted, events, bytes / 1e6, requests, seconds,
        documents / seconds, notConverged, esCpuSeconds, agentCpuSeconds);
  }

  /** Sums reports as nodes finish. */
  static final class Adder {
    private final String name;
    private final int changedNodes;
    private int nodes;
    private long documents;
    private long written;
    private long deleted;
    private long events;
    private long bytes;
    private long requests;
    private int notConverged;

    Adder(String name, int changedNodes) {
      this.name = name;
      this.changedNodes = changedNodes;
    }

    void add(SyncEngine.CycleReport report) {
      nodes++;
      documents += report.documents();
      written += report.written();
      deleted += report.deleted();
      events += report.events();
      bytes += report.bytesSent();
      requests += report.requests();
      notConverged += report.converged() ? 0 : 1;
    }

    CycleTotals done(long nanos, double esCpuSeconds, double agentCpuSeconds) {
      return new CycleTotals(name, nodes, changedNodes, documents, written, deleted, events, bytes,
          requests, notConverged, nanos / 1e9, esCpuSeconds, agentCpuSeconds);
    }
  }
}
