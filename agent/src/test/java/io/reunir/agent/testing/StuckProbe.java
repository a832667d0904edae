package io.reunir.agent.testing;

import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A probe of the {@code services} kind that hangs the way a thread in a blocking open of a FIFO does:
 * an interrupt does not free it, only {@link #release}. Before it hangs it marks its kind complete,
 * so a test can see that what a stuck probe wrote is dropped.
 */
public final class StuckProbe implements Probe {
  private final String name;
  private final CountDownLatch unblock = new CountDownLatch(1);
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicReference<Thread> thread = new AtomicReference<>();

  public StuckProbe(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> kinds() {
    return List.of("services");
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) {
    starts.incrementAndGet();
    thread.set(Thread.currentThread());
    snapshot.complete("services");
    while (true) {
      try {
        unblock.await();
        return;
      } catch (InterruptedException ignored) {
        // a blocked open does not answer interrupts either
      }
    }
  }

  /** How many times a collection started it. */
  public int starts() {
    return starts.get();
  }

  /** Lets the hung run end, and waits until its thread has. */
  public void release() throws InterruptedException {
    unblock.countDown();
    Thread running = thread.get();
    if (running != null) {
      running.join();
    }
  }
}
