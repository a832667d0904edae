package io.reunir.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.os.OsProbe;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.agent.probe.services.ServicesProbe;
import io.reunir.agent.testing.StuckProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCollectorTest {
  private static final HostRoot DEBIAN = new HostRoot(Path.of("src/test/resources/hosts/debian12"));

  @Test
  void concurrentProbesGiveTheSnapshotOfAOneAfterAnotherRun() {
    List<Probe> probes = List.of(new OsProbe(), new PackagesProbe(), new ServicesProbe(),
        named("broken", () -> {
          throw new IllegalStateException("no such thing");
        }));

    Snapshot serial = new SnapshotCollector(Clock.systemUTC(), 1).collect(DEBIAN, probes, "n1");
    Snapshot concurrent = new SnapshotCollector(Clock.systemUTC(), 4).collect(DEBIAN, probes, "n1");

    assertThat(concurrent.packages()).isNotEmpty().isEqualTo(serial.packages());
    assertThat(concurrent.os()).isNotNull().isEqualTo(serial.os());
    assertThat(concurrent.services()).isEqualTo(serial.services());
    assertThat(concurrent.errors()).isEqualTo(serial.errors())
        .contains(new ProbeError("broken", "IllegalStateException: no such thing"));
    assertThat(concurrent.runningProgramsKnown()).isEqualTo(serial.runningProgramsKnown());
    assertThat(concurrent.nodeName()).isEqualTo("n1");
  }

  @Test
  void aReadableHostMarksWhatWasReadWhole() {
    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC(), 2)
        .collect(DEBIAN, List.of(new PackagesProbe(), new ServicesProbe()), "n1");

    assertThat(snapshot.collected()).containsExactlyInAnyOrder("packages", "services");
    assertThat(snapshot.complete()).containsExactlyInAnyOrder("packages/deb", "services");
    assertThat(snapshot.mayDelete("packages", "deb")).isTrue();
    assertThat(snapshot.mayDelete("packages", "rpm")).isFalse();
  }

  @Test
  void aMissingOrEmptyHostRootIsEveryProbesErrorAndNothingIsComplete(@TempDir Path dir) {
    for (Path root : List.of(dir.resolve("absent"), dir)) {
      Snapshot snapshot = new SnapshotCollector(Clock.systemUTC(), 2)
          .collect(new HostRoot(root), List.of(new OsProbe(), new PackagesProbe()), "n1");

      assertThat(snapshot.errors()).extracting(ProbeError::probe).containsExactly("os", "packages");
      assertThat(snapshot.errors().get(1).error()).startsWith("host root " + root);
      assertThat(snapshot.complete()).isEmpty();
      assertThat(snapshot.mayDelete("packages", "deb")).isFalse();
      assertThat(snapshot.packages()).isEmpty();
    }
  }

  @Test
  void partsAreMergedInProbeOrderWhicheverProbeFinishesFirst() {
    var secondFinished = new CountDownLatch(1);
    Probe first = new Probe() {
      @Override
      public String name() {
        return "first";
      }

      @Override
      public void collect(HostRoot host, Snapshot.Builder snapshot) throws Exception {
        // Holds until the second probe is done, so the second part is complete before this one.
        if (!secondFinished.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the second probe never ran beside this one");
        }
        snapshot.addPackages(List.of(pkg("a"))).error("first", "partial");
      }
    };
    Probe second = named("second", snapshot -> {
      snapshot.addPackages(List.of(pkg("b"), pkg("c"))).error("second", "partial");
      secondFinished.countDown();
      throw new IllegalArgumentException("then failed");
    });

    Snapshot snapshot = new SnapshotCollector(Clock.systemUTC(), 2)
        .collect(DEBIAN, List.of(first, second), null);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactly("a", "b", "c");
    assertThat(snapshot.errors()).containsExactly(new ProbeError("first", "partial"),
        new ProbeError("second", "partial"),
        new ProbeError("second", "IllegalArgumentException: then failed"));
  }

  @Test
  void anErrorNoProbeCanSurviveStillEndsTheCollection() {
    Probe exhausted = named("exhausted", snapshot -> {
      throw new OutOfMemoryError("Java heap space");
    });

    assertThatThrownBy(() -> new SnapshotCollector(Clock.systemUTC(), 2)
        .collect(DEBIAN, List.of(new OsProbe(), exhausted), null))
        .isInstanceOf(OutOfMemoryError.class);
    assertThatThrownBy(() -> new SnapshotCollector(Clock.systemUTC(), 0))
        .hasMessageContaining("at least 1");
  }

  @Test
  void aProbeThatNeverReturnsIsTimedOutAndIsNotStartedAgainWhileStuck() throws Exception {
    var stuck = new StuckProbe("stuck");
    Probe quick = named("quick", snapshot -> snapshot.addPackages(List.of(pkg("a"))));
    var collector = new SnapshotCollector(Clock.systemUTC(), 2, Duration.ofSeconds(2));

    Snapshot first = collector.collect(DEBIAN, List.of(stuck, quick), "n1");

    assertThat(first.packages()).extracting(PackageRecord::name).containsExactly("a");
    assertThat(first.errors()).containsExactly(new ProbeError("stuck", "timed out after 2s"));
    // What the stuck probe wrote before it hung is dropped: its kind stays incomplete.
    assertThat(first.collected()).contains("services");
    assertThat(first.mayDelete("services", null)).isFalse();

    Snapshot second = collector.collect(DEBIAN, List.of(stuck, quick), "n1");

    assertThat(stuck.starts()).isEqualTo(1);
    assertThat(second.packages()).extracting(PackageRecord::name).containsExactly("a");
    assertThat(second.errors()).singleElement().satisfies(e -> {
      assertThat(e.probe()).isEqualTo("stuck");
      assertThat(e.error()).startsWith("not started: its run of " + first.collectedAt())
          .endsWith("is still stuck after it timed out (2s)");
    });
    assertThat(second.mayDelete("services", null)).isFalse();

    stuck.release();
    Snapshot third = collector.collect(DEBIAN, List.of(stuck, quick), "n1");

    assertThat(stuck.starts()).isEqualTo(2);
    assertThat(third.errors()).isEmpty();
    assertThat(third.mayDelete("services", null)).isTrue();
  }

  @Test
  void aDeadlineMustBePositive() {
    assertThatThrownBy(() -> new SnapshotCollector(Clock.systemUTC(), 2, Duration.ZERO))
        .hasMessageContaining("positive");
  }

  private interface Body {
    void fill(Snapshot.Builder snapshot) throws Exception;
  }

  private static Probe named(String name, Runnable body) {
    return named(name, snapshot -> body.run());
  }

  private static Probe named(String name, Body body) {
    return new Probe() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void collect(HostRoot host, Snapshot.Builder snapshot) throws Exception {
        body.fill(snapshot);
      }
    };
  }

  private static PackageRecord pkg(String name) {
    return new PackageRecord("deb", name, "1.0", "amd64", null, null, null, null, null, null, null);
  }
}
