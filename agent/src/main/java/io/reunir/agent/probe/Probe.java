package io.reunir.agent.probe;

import io.reunir.agent.model.Snapshot;

/**
 * One kind of fact about a host. A probe reads only through the {@link HostRoot} and puts what it found
 * into the snapshot; an exception it throws is recorded as that probe's error and the other probes
 * still report. A value it cannot read is left out and explained with {@link Snapshot.Builder#error}.
 */
public interface Probe {
  String name();

  void collect(HostRoot host, Snapshot.Builder snapshot) throws Exception;
}
