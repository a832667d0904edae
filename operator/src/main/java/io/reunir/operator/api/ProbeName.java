package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** The agent's probes; {@link #PROCESSES} and {@link #FILES} are opt-in. */
public enum ProbeName {
  OS("os"),
  HARDWARE("hardware"),
  PACKAGES("packages"),
  SERVICES("services"),
  KUBERNETES("kubernetes"),
  PROCESSES("processes"),
  FILES("files");

  private final String wireName;

  ProbeName(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the policy and in the agent's config. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
