package io.reunir.agent.probe;

import io.reunir.agent.model.Snapshot;
import java.util.List;

/**
 * One kind of fact about a host. A probe reads only through the {@link HostRoot} and puts what it found
 * into the snapshot; an exception it throws is recorded as that probe's error and the other probes
 * still report. A value it cannot read is left out and explained with {@link Snapshot.Builder#error}.
 */
public interface Probe {
  String name();

  /**
   * The document kinds this probe lists ({@code packages}, {@code services}): while it runs but does not
   * mark a scope of them {@link Snapshot.Builder#complete complete}, none of their documents is deleted.
   */
  default List<String> kinds() {
    return List.of();
  }

  /** False for a probe that asks the Kubernetes API rather than the host: it runs without a host root. */
  default boolean readsHost() {
    return true;
  }

  void collect(HostRoot host, Snapshot.Builder snapshot) throws Exception;
}
