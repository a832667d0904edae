package io.reunir.agent.sync;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min(cap, initial * 2^n)}, so many agents hit by one outage do not retry in step.
 */
public record Backoff(Duration initial, Duration cap) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  public Duration delay(int attempt) {
    long ceiling = Math.min(cap.toMillis(), initial.toMillis() << Math.min(attempt, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  void sleep(int attempt) throws EsException {
    try {
      Thread.sleep(delay(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EsException(EsException.Kind.IO, 0, "interrupted");
    }
  }
}
