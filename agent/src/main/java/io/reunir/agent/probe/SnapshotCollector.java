package io.reunir.agent.probe;

import io.reunir.agent.model.Snapshot;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Runs probes against a host root; one probe's failure is recorded and the others still report. */
public final class SnapshotCollector {
  private final Clock clock;

  public SnapshotCollector(Clock clock) {
    this.clock = clock;
  }

  public Snapshot collect(HostRoot host, List<Probe> probes, String nodeName) {
    var snapshot = Snapshot.builder(UUID.randomUUID().toString(), clock.instant()).nodeName(nodeName);
    for (Probe probe : probes) {
      try {
        probe.collect(host, snapshot);
      } catch (Exception | LinkageError | StackOverflowError e) {
        snapshot.error(probe.name(), describe(e));
      }
    }
    return snapshot.build();
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return Bounded.text(text);
  }
}
