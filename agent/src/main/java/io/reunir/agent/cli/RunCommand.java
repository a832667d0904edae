package io.reunir.agent.cli;

import io.reunir.contract.config.AgentConfig;
import io.reunir.agent.model.AgentVersion;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.containers.ImageCache;
import io.reunir.agent.registry.ProbeSettings;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.kubernetes.NodeReader;
import io.reunir.agent.sync.Backoff;
import io.reunir.agent.sync.SyncEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code run --config FILE [--once]}: the DaemonSet mode, or one cycle for people and scripts. */
final class RunCommand {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private final SyncEngine engine;
  private final String nodeName;
  /** One for the process: it remembers a probe stuck past its deadline, so it is not started again. */
  private final SnapshotCollector collector = new SnapshotCollector(Clock.systemUTC());
  /** One for the process: its Kubernetes client, made on the probe's first run, serves every cycle. */
  private final NodeReader kubernetes = NodeReader.fromEnvironment(System.getenv(), null);
  /** What the containers probe read, kept across cycles: an unchanged container costs no read. */
  private final ImageCache images = new ImageCache();

  RunCommand(SyncEngine engine, String nodeName) {
    this.engine = engine;
    this.nodeName = nodeName;
  }

  static int run(Main.Options options, PrintStream out, PrintStream err) {
    String file = options.get("--config", null);
    if (file == null) {
      throw new Main.UsageException("run needs --config FILE");
    }
    boolean once = Boolean.parseBoolean(options.get("--once", "false"));
    Path path;
    String text;
    AgentConfig config;
    try {
      path = Path.of(file);
      text = Files.readString(path);
      config = AgentConfig.parse(text);
    } catch (AgentConfig.InvalidConfigException e) {
      err.println("reunir-agent: config " + file + ": " + e.getMessage());
      return 1;
    } catch (IOException | InvalidPathException e) {
      err.println("reunir-agent: config " + file + ": " + (e instanceof NoSuchFileException
          ? "does not exist" : e instanceof CharacterCodingException ? "is not UTF-8 text"
          : "cannot be read (" + e.getClass().getSimpleName() + ")"));
      return 1;
    }
    var command = new RunCommand(new SyncEngine(SyncEngine.Settings.defaults()), System.getenv("NODE_NAME"));
    if (once) {
      return command.once(config, out, err);
    }
    AgentLoop.Cycle cycle = command::logged;
    var loop = new AgentLoop(path, config, text, cycle, Duration.ofSeconds(10), Backoff.DEFAULT);
    try {
      loop.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  int once(AgentConfig config, PrintStream out, PrintStream err) {
    try {
      var collected = collect(config);
      SyncEngine.CycleReport report = sync(collected, config);
      if (!report.converged()) {
        var failure = report.failures().isEmpty() ? null : report.failures().get(0);
        err.println("reunir-agent: Elasticsearch does not hold the node's current state: "
            + (failure == null ? report.unacknowledged() + " writes unacknowledged after retries"
                : report.failures().size() + " documents refused, first " + failure.id() + ": "
                    + failure.status() + " " + failure.reason()));
        return 1;
      }
      out.println(summary(report));
      if (!collected.errors().isEmpty()) {
        // Synced, but not the whole truth: what a probe could not read was kept, not removed.
        err.println("reunir-agent: " + probeFailure(collected, report));
        return 1;
      }
      return 0;
    } catch (Exception e) {
      err.println("reunir-agent: sync failed: " + AgentLoop.describe(e));
      return 1;
    }
  }

  /** The first probe error, in one line, and what became of the documents it concerns. */
  static String probeFailure(Snapshot snapshot, SyncEngine.CycleReport report) {
    var first = snapshot.errors().get(0);
    int more = snapshot.errors().size() - 1;
    return "probe " + first.probe() + ": " + first.error()
        + (report.stale().isEmpty() ? ""
            : " (kept as they were, not removed: " + String.join(", ", report.stale().keySet()) + ")")
        + (more > 0 ? "; " + more + " more in reunir.probe.errors" : "");
  }

  /** One cycle of the DaemonSet mode, said in the log: its summary, and a probe's failure if any. */
  void logged(AgentConfig config) throws IOException {
    var collected = collect(config);
    var report = sync(collected, config);
    LOG.info(summary(report));
    if (!collected.errors().isEmpty()) {
      LOG.warn(probeFailure(collected, report));
    }
  }

  /** Syncs a collected snapshot; nothing of it outlives the cycle. */
  private SyncEngine.CycleReport sync(Snapshot collected, AgentConfig config) throws IOException {
    var context = new DocumentContext(config.clusterName(), config.policy(), AgentVersion.current());
    return engine.sync(collected, context, config.elasticsearch());
  }

  private Snapshot collect(AgentConfig config) {
    List<Probe> probes = new ArrayList<>();
    for (String name : config.probes()) {
      try {
        probes.addAll(Probes.named(List.of(name), ProbeSettings.from(config, kubernetes, images)));
      } catch (IllegalArgumentException e) {
        probes.add(unknown(name, e.getMessage()));
      }
    }
    return collector.collect(new HostRoot(Path.of(config.hostRoot())), probes, nodeName);
  }

  /** A probe this agent version lacks is that probe's recorded failure; the others still ship. */
  private static Probe unknown(String name, String message) {
    return new Probe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void collect(HostRoot host, Snapshot.Builder snapshot) {
        snapshot.error(name, message);
      }
    };
  }

  static String summary(SyncEngine.CycleReport report) {
    return String.format("Synced: %d documents written (%d upserts, %d deletes, %d change events,"
            + " %d image documents, 1 heartbeat), %d bytes in %d bulk requests, %d ms%s",
        report.documents(), report.written(), report.deleted(), report.events(), report.images(),
        report.bytesSent(),
        report.requests(), report.wall().toMillis(),
        (report.readBack() ? report.drifted() ? ", drift repaired from a read-back" : ", state read back"
            : "") + (report.stale().isEmpty() ? ""
                : ", kept unread: " + String.join(", ", report.stale().keySet())));
  }
}
