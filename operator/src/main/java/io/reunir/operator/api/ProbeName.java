package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The agent's probes; {@link #PROCESSES}, {@link #FILES} and {@link #LIBRARIES} are opt-in, and
 * {@link #LIBRARIES} alone runs the agent as root with CAP_SYS_PTRACE (see {@code AgentPodTemplate}).
 */
public enum ProbeName {
  OS("os"),
  HARDWARE("hardware"),
  PACKAGES("packages"),
  SERVICES("services"),
  KUBERNETES("kubernetes"),
  PROCESSES("processes"),
  FILES("files"),
  LIBRARIES("libraries");

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
