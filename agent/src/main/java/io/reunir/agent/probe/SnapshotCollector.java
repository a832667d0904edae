package io.reunir.agent.probe;

import io.reunir.agent.model.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs probes against a host root; one probe's failure is recorded and the others still report.
 *
 * <p>Probes run concurrently (a short {@code collect} is mostly waiting on files and class loading,
 * and nodes have several cores), each into its own part of the snapshot; the parts are merged in
 * the order the probes were given, so the snapshot is the same as a one-after-another run.
 */
public final class SnapshotCollector {
  private final Clock clock;
  private final int threads;

  public SnapshotCollector(Clock clock) {
    this(clock, Runtime.getRuntime().availableProcessors());
  }

  /** {@code threads} probes at most run at once; 1 runs them one after another in the caller. */
  public SnapshotCollector(Clock clock, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.clock = clock;
    this.threads = threads;
  }

  public Snapshot collect(HostRoot host, List<Probe> probes, String nodeName) {
    String scanId = UUID.randomUUID().toString();
    Instant collectedAt = clock.instant();
    var snapshot = Snapshot.builder(scanId, collectedAt).nodeName(nodeName);
    List<Snapshot.Builder> parts = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      parts.add(Snapshot.builder(scanId, collectedAt).nodeName(nodeName));
    }
    for (int i = 0; i < probes.size(); i++) {
      probes.get(i).kinds().forEach(parts.get(i)::collected);
    }
    var unusable = HostRootCheck.problem(host);
    if (unusable.isPresent()) {
      // Nothing of the host can be read: every probe that reads it says so instead of running, and no
      // kind is complete, so nothing is deleted. Probes that ask the Kubernetes API still run.
      probes = probes.stream().map(probe -> probe.readsHost() ? unable(probe, unusable.get()) : probe)
          .toList();
    }
    int workers = Math.min(threads, probes.size());
    if (workers <= 1) {
      for (int i = 0; i < probes.size(); i++) {
        run(probes.get(i), host, parts.get(i));
      }
    } else {
      runConcurrently(host, probes, parts, workers);
    }
    for (Snapshot.Builder part : parts) {
      snapshot.addAll(part);
    }
    return snapshot.build();
  }

  private static void runConcurrently(
      HostRoot host, List<Probe> probes, List<Snapshot.Builder> parts, int workers) {
    ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
      Thread thread = new Thread(task, "reunir-probe");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < probes.size(); i++) {
        Probe probe = probes.get(i);
        Snapshot.Builder part = parts.get(i);
        done.add(pool.submit(() -> run(probe, host, part)));
      }
      for (int i = 0; i < done.size(); i++) {
        try {
          done.get(i).get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          pool.shutdownNow();
          // Probes still running own their parts: those are replaced, never read concurrently.
          for (int j = i; j < done.size(); j++) {
            if (!done.get(j).isDone()) {
              parts.set(j, Snapshot.builder("", Instant.EPOCH)
                  .error(probes.get(j).name(), "interrupted before the probe finished"));
            }
          }
          return;
        } catch (ExecutionException e) {
          // run() records every failure a probe may survive; what is left (out of memory) is fatal.
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  /** A probe that only records why it could not run; it keeps the real probe's name and kinds. */
  private static Probe unable(Probe probe, String reason) {
    return new Probe() {
      @Override
      public String name() {
        return probe.name();
      }

      @Override
      public List<String> kinds() {
        return probe.kinds();
      }

      @Override
      public void collect(HostRoot host, Snapshot.Builder snapshot) {
        snapshot.error(probe.name(), reason);
      }
    };
  }

  private static void run(Probe probe, HostRoot host, Snapshot.Builder part) {
    try {
      probe.collect(host, part);
    } catch (Exception | LinkageError | StackOverflowError e) {
      part.error(probe.name(), describe(e));
    }
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return Bounded.text(text);
  }
}
