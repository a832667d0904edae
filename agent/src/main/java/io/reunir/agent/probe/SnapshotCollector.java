package io.reunir.agent.probe;

import io.reunir.agent.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs probes against a host root; one probe's failure is recorded and the others still report.
 *
 * <p>Probes run concurrently (a short {@code collect} is mostly waiting on files and class loading,
 * and nodes have several cores), each into its own part of the snapshot; the parts are merged in
 * the order the probes were given, so the snapshot is the same as a one-after-another run.
 *
 * <p>Each probe has a deadline. One that passes it ("timed out after 120s") is that probe's error and
 * the snapshot goes out without it: its kinds stay collected but not complete, so nothing of them is
 * deleted. Its thread is left behind (a thread stuck in a blocking open cannot be interrupted), and
 * while it is still stuck the probe is not started again: a stuck host file costs one thread, not one
 * per cycle.
 */
public final class SnapshotCollector {
  /** Long enough for a 1,000,000-file rpm database on a slow disk, short against an interval. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

  private final Clock clock;
  private final int threads;
  private final Duration deadline;
  /** Probes (by name) whose thread outlived its deadline, and when that run started. */
  private final Map<String, Stuck> stuck = new ConcurrentHashMap<>();

  private record Stuck(Thread thread, Instant since) {}

  public SnapshotCollector(Clock clock) {
    this(clock, Runtime.getRuntime().availableProcessors());
  }

  /** {@code threads} probes at most run at once; 1 runs them one after another. */
  public SnapshotCollector(Clock clock, int threads) {
    this(clock, threads, DEFAULT_DEADLINE);
  }

  /** {@code deadline}: how long one probe may run before it is given up. */
  public SnapshotCollector(Clock clock, int threads, Duration deadline) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, not " + deadline);
    }
    this.clock = clock;
    this.threads = threads;
    this.deadline = deadline;
  }

  public Snapshot collect(HostRoot host, List<Probe> probes, String nodeName) {
    String scanId = UUID.randomUUID().toString();
    Instant collectedAt = clock.instant();
    var snapshot = Snapshot.builder(scanId, collectedAt).nodeName(nodeName);
    List<Snapshot.Builder> parts = new ArrayList<>();
    for (Probe probe : probes) {
      parts.add(emptyPart(probe, scanId, collectedAt, nodeName));
    }
    var unusable = HostRootCheck.problem(host);
    Queue<Integer> pending = new ArrayDeque<>();
    for (int i = 0; i < probes.size(); i++) {
      Stuck previous = stuck.get(probes.get(i).name());
      if (unusable.isPresent() && probes.get(i).readsHost()) {
        // Nothing of the host can be read: every probe that reads it says so instead of running, and
        // no kind is complete, so nothing is deleted. Probes that ask the Kubernetes API still run.
        parts.get(i).error(probes.get(i).name(), unusable.get());
      } else if (previous != null && previous.thread().isAlive()) {
        parts.get(i).error(probes.get(i).name(), "not started: its run of " + previous.since()
            + " is still stuck after it timed out (" + seconds(deadline) + ")");
      } else {
        stuck.remove(probes.get(i).name());
        pending.add(i);
      }
    }
    new Run(host, probes, parts, pending, scanId, collectedAt, nodeName).untilDone();
    for (Snapshot.Builder part : parts) {
      snapshot.addAll(part);
    }
    return snapshot.build();
  }

  /** One collection: probes started as threads free up, each waited for until its deadline. */
  private final class Run {
    private final HostRoot host;
    private final List<Probe> probes;
    private final List<Snapshot.Builder> parts;
    private final Queue<Integer> pending;
    private final String scanId;
    private final Instant collectedAt;
    private final String nodeName;
    private final BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
    private final Map<Integer, Thread> running = new HashMap<>();
    private final Map<Integer, Long> deadlines = new HashMap<>();
    private final Map<Integer, Throwable> fatal = new ConcurrentHashMap<>();

    Run(HostRoot host, List<Probe> probes, List<Snapshot.Builder> parts, Queue<Integer> pending,
        String scanId, Instant collectedAt, String nodeName) {
      this.host = host;
      this.probes = probes;
      this.parts = parts;
      this.pending = pending;
      this.scanId = scanId;
      this.collectedAt = collectedAt;
      this.nodeName = nodeName;
    }

    void untilDone() {
      try {
        while (!pending.isEmpty() || !running.isEmpty()) {
          while (!pending.isEmpty() && running.size() < threads) {
            start(pending.remove());
          }
          long now = System.nanoTime();
          long wait = deadlines.values().stream().mapToLong(d -> d - now).min().orElse(0);
          Integer done = finished.poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
          if (done != null) {
            finish(done);
          } else {
            giveUpOverdue();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        // Probes still running own their parts: those are replaced, never read concurrently.
        running.forEach((i, thread) -> {
          thread.interrupt();
          replace(i, "interrupted before the probe finished");
        });
        pending.forEach(i -> replace(i, "interrupted before the probe started"));
      }
    }

    private void start(int i) {
      Probe probe = probes.get(i);
      Snapshot.Builder part = parts.get(i);
      Thread thread = new Thread(() -> {
        try {
          run(probe, host, part);
        } catch (Throwable e) {
          fatal.put(i, e);
        } finally {
          finished.add(i);
        }
      }, "reunir-probe-" + probe.name());
      thread.setDaemon(true);
      running.put(i, thread);
      deadlines.put(i, System.nanoTime() + deadline.toNanos());
      thread.start();
    }

    private void finish(int i) {
      if (running.remove(i) == null) {
        return; // a probe given up earlier that finished after all: its part was replaced
      }
      deadlines.remove(i);
      Throwable error = fatal.get(i);
      if (error != null) {
        // run() records every failure a probe may survive; what is left (out of memory) is fatal.
        running.values().forEach(Thread::interrupt);
        if (error instanceof Error e) {
          throw e;
        }
        throw new IllegalStateException(error);
      }
    }

    private void giveUpOverdue() {
      long now = System.nanoTime();
      for (var i : List.copyOf(running.keySet())) {
        if (deadlines.get(i) - now <= 0) {
          Thread thread = running.remove(i);
          deadlines.remove(i);
          thread.interrupt();
          stuck.put(probes.get(i).name(), new Stuck(thread, collectedAt));
          replace(i, "timed out after " + seconds(deadline));
        }
      }
    }

    private void replace(int i, String why) {
      Probe probe = probes.get(i);
      parts.set(i, emptyPart(probe, scanId, collectedAt, nodeName).error(probe.name(), why));
    }
  }

  /** A probe's part before it runs: its kinds are collected, so until it completes them none is deleted. */
  private static Snapshot.Builder emptyPart(
      Probe probe, String scanId, Instant collectedAt, String nodeName) {
    var part = Snapshot.builder(scanId, collectedAt).nodeName(nodeName);
    probe.kinds().forEach(part::collected);
    return part;
  }

  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
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
