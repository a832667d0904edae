package io.reunir.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place conditions are written: a condition keeps its {@code lastTransitionTime} while its
 * status stays the same, so reconciling an unchanged policy writes an identical status.
 */
public final class PolicyConditions {
  public static final String READY = "Ready";
  public static final String ELASTICSEARCH_REACHABLE = "ElasticsearchReachable";

  private final List<Condition> previous;
  private final long generation;
  private final Clock clock;
  private final List<Condition> next = new ArrayList<>();

  public PolicyConditions(List<Condition> previous, long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.clock = clock;
  }

  public PolicyConditions set(String type, boolean status, String reason, String message) {
    String statusText = status ? "True" : "False";
    String since = previous.stream()
        .filter(c -> c.getType().equals(type) && statusText.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .findFirst()
        .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    next.removeIf(c -> c.getType().equals(type));
    next.add(new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build());
    return this;
  }

  /** Carries a condition over unchanged (e.g. Elasticsearch's while nothing was checked). */
  public PolicyConditions keep(String type) {
    previous.stream().filter(c -> c.getType().equals(type)).findFirst().ifPresent(next::add);
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  /** The previous condition of this type, if any. */
  public static java.util.Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? java.util.Optional.empty()
        : conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }
}
