package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reunir.contract.config.AgentConfig;
import io.reunir.agent.sync.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule, driven through a config file laid out the way a ConfigMap volume lays it out. */
class AgentLoopTest {
  @TempDir
  Path dir;
  private Thread thread;
  private int version;

  @AfterEach
  void stop() throws InterruptedException {
    if (thread != null) {
      thread.interrupt();
      thread.join(5000);
    }
  }

  /** Writes a new ..timestamped folder and swaps the ..data symlink to it, as the kubelet does. */
  private Path publish(String json) throws Exception {
    Path data = Files.createDirectory(dir.resolve("..v" + ++version));
    Files.writeString(data.resolve("config.json"), json);
    Path tmp = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, data.getFileName());
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Path file = dir.resolve("config.json");
    if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(file, Path.of("..data/config.json"));
    }
    return file;
  }

  private static String config(String interval, String collectNow) {
    return "{\"interval\": \"" + interval + "\", \"jitter\": \"0s\", \"collectNow\": "
        + (collectNow == null ? "null" : "\"" + collectNow + "\"")
        + ", \"elasticsearch\": {\"urls\": [\"http://127.0.0.1:9\"]}}";
  }

  private AgentLoop start(Path file, AgentLoop.Cycle cycle) throws Exception {
    String text = Files.readString(file);
    var loop = new AgentLoop(file, AgentConfig.parse(text), text, cycle, Duration.ofMillis(20),
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)));
    thread = new Thread(() -> {
      try {
        loop.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    thread.start();
    return loop;
  }

  @Test
  void aNewCollectNowTokenRunsACycleAtOnceAndOtherChangesAreAppliedQuietly() throws Exception {
    Path file = publish(config("1h", null));
    BlockingQueue<AgentConfig> cycles = new LinkedBlockingQueue<>();
    var loop = start(file, cycles::add);

    assertThat(cycles.poll(10, TimeUnit.SECONDS).collectNow()).isNull(); // jitter 0s: first cycle now

    publish(config("2h", null));
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.config().interval().equals("2h"));
    assertThat(cycles).isEmpty(); // a changed interval waits for the schedule

    publish("{\"interval\": \"2h\", \"elasticsearch\": {\"urls\": []}}");
    publish(config("2h", "incident-42"));
    var asked = cycles.poll(10, TimeUnit.SECONDS);
    assertThat(asked).isNotNull();
    assertThat(asked.collectNow()).isEqualTo("incident-42");
    assertThat(asked.intervalDuration()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void anInvalidConfigIsIgnoredAndThePreviousOneKept() throws Exception {
    Path file = publish(config("1h", "a"));
    BlockingQueue<AgentConfig> cycles = new LinkedBlockingQueue<>();
    var loop = start(file, cycles::add);
    assertThat(cycles.poll(10, TimeUnit.SECONDS)).isNotNull();

    String bad = "{\"interval\": \"soon\", \"elasticsearch\": {\"urls\": [\"http://x:9200\"]}}";
    publish(bad);
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.configText().equals(bad));
    assertThat(loop.config().collectNow()).isEqualTo("a");
    assertThat(cycles).isEmpty();
    publish(config("1h", "b"));
    assertThat(cycles.poll(10, TimeUnit.SECONDS).collectNow()).isEqualTo("b");
    assertThat(loop.config().interval()).isEqualTo("1h");
  }

  @Test
  void anIntervalTooLongToScheduleIsRefusedAndTheLoopKeepsRunning() throws Exception {
    Path file = publish(config("1h", "a"));
    BlockingQueue<AgentConfig> cycles = new LinkedBlockingQueue<>();
    var loop = start(file, cycles::add);
    assertThat(cycles.poll(10, TimeUnit.SECONDS)).isNotNull();

    String tooLong = config("9999999999999h", "b");
    publish(tooLong);
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.configText().equals(tooLong));
    publish(config("1h", "c"));
    assertThat(cycles.poll(10, TimeUnit.SECONDS).collectNow()).isEqualTo("c");
    assertThat(cycles).isEmpty();
    assertThat(thread.isAlive()).isTrue();
  }

  @Test
  void aFailedCycleIsRetriedWithBackoffNotAfterAWholeInterval() throws Exception {
    Path file = publish(config("1h", null));
    var calls = new AtomicInteger();
    BlockingQueue<Integer> done = new LinkedBlockingQueue<>();
    start(file, config -> {
      int n = calls.incrementAndGet();
      if (n < 3) {
        throw new java.io.IOException("connection refused");
      }
      done.add(n);
    });

    assertThat(done.poll(10, TimeUnit.SECONDS)).isEqualTo(3);
  }

  @Test
  void anErrorInACycleEndsTheLoopAndTheProcessWithOneLine() throws Exception {
    Path file = publish(config("1h", null));
    var cycles = new AtomicInteger();
    String text = Files.readString(file);
    var loop = new AgentLoop(file, AgentConfig.parse(text), text, config -> {
      cycles.incrementAndGet();
      throw new OutOfMemoryError("Java heap space");
    }, Duration.ofMillis(20), new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)));

    // Not retried as a failed sync would be: the loop stops, and Main turns it into the exit status.
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(loop::run);
    assertThat(thrown).isInstanceOf(OutOfMemoryError.class);
    assertThat(cycles).hasValue(1);

    var err = new java.io.ByteArrayOutputStream();
    int code = Main.fatal((Error) thrown, new java.io.PrintStream(err, true));
    assertThat(code).isEqualTo(3);
    assertThat(err.toString().strip()).doesNotContain("\n")
        .isEqualTo("reunir-agent: stopping: java.lang.OutOfMemoryError: Java heap space"
            + " (raise the pod's memory limit and -Xmx)");
  }
}
