package io.reunir.agent.cli;

import io.reunir.contract.config.AgentConfig;
import io.reunir.agent.sync.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DaemonSet mode's schedule: the first cycle after a random delay within the jitter, then one per
 * interval. The config file is re-read while waiting; its content is compared, not its mtime, because
 * a Kubernetes ConfigMap volume swaps a {@code ..data} symlink. A new {@code collectNow} token runs a
 * cycle at once. A failed cycle is retried with capped backoff, and Elasticsearch going down or coming
 * back is logged once per change, not once per retry.
 */
final class AgentLoop {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

  /** One collection and sync with the given config. */
  interface Cycle {
    void run(AgentConfig config) throws Exception;
  }

  private final Path configFile;
  private final Cycle cycle;
  private final Duration pollEvery;
  private final Backoff retryBackoff;
  private AgentConfig config;
  private String configText;
  private boolean healthy = true;
  private int failures;

  AgentLoop(Path configFile, AgentConfig config, String configText, Cycle cycle, Duration pollEvery,
      Backoff retryBackoff) {
    this.configFile = configFile;
    this.config = config;
    this.configText = configText;
    this.cycle = cycle;
    this.pollEvery = pollEvery;
    this.retryBackoff = retryBackoff;
  }

  /** Runs until the thread is interrupted. */
  void run() throws InterruptedException {
    Instant next = Instant.now().plus(random(config.jitterDuration()));
    LOG.info("First cycle at {} (jitter {}), then every {}", next, config.jitter(), config.interval());
    while (!Thread.currentThread().isInterrupted()) {
      while (Instant.now().isBefore(next)) {
        long wait = Math.min(pollEvery.toMillis(), Duration.between(Instant.now(), next).toMillis());
        Thread.sleep(Math.max(wait, 1));
        if (reloadConfig()) {
          next = Instant.now();
        }
      }
      Instant started = Instant.now();
      next = started.plus(config.intervalDuration());
      try {
        cycle.run(config);
        failures = 0;
        if (!healthy) {
          LOG.info("Elasticsearch sync works again");
          healthy = true;
        }
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        if (healthy) {
          LOG.warn("Sync failed, retrying with backoff until it works: {}", describe(e));
          healthy = false;
        }
        Duration retry = retryBackoff.delay(failures++);
        if (retry.compareTo(config.intervalDuration()) < 0) {
          next = started.plus(retry);
        }
      }
    }
  }

  /** Re-reads the config; true when a new collectNow token asks for a cycle now. */
  boolean reloadConfig() {
    String text;
    try {
      text = Files.readString(configFile);
    } catch (IOException e) {
      // Mid-swap of a ConfigMap's symlinks the file can be briefly absent; the next poll sees it.
      return false;
    }
    if (text.equals(configText)) {
      return false;
    }
    configText = text;
    AgentConfig updated;
    try {
      updated = AgentConfig.parse(text);
    } catch (AgentConfig.InvalidConfigException | RuntimeException e) {
      // A bug in the checks must not end the loop either: the previous config stays in force.
      LOG.error("Ignoring the changed config {}: {}; keeping the previous one", configFile, describe(e));
      return false;
    }
    boolean collectNow = updated.collectNow() != null
        && !Objects.equals(updated.collectNow(), config.collectNow());
    config = updated;
    LOG.info("Config {} changed{}", configFile, collectNow ? "; collectNow asks for a cycle now" : "");
    return collectNow;
  }

  AgentConfig config() {
    return config;
  }

  /** The config text last read, valid or not. */
  String configText() {
    return configText;
  }

  private static Duration random(Duration jitter) {
    long millis = jitter.toMillis();
    return Duration.ofMillis(millis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(millis + 1));
  }

  static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
