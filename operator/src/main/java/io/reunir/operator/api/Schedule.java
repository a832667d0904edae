package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.reunir.contract.config.AgentConfig;

/** Every node collects once per interval; the first cycle is spread over the jitter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.interval) || duration(self.interval) >= duration('1m')",
    message = "interval must be at least 1m")
@ValidationRule(value = "!has(self.interval) || !has(self.jitter)"
    + " || duration(self.jitter) <= duration(self.interval)",
    message = "jitter must not be longer than interval")
public record Schedule(
    @Default(DEFAULT_INTERVAL)
    @Pattern(DURATION_PATTERN)
    @Size(max = MAX_DURATION_LENGTH)
    @JsonPropertyDescription("Kubernetes-style duration, at least 1m: 90s, 15m, 1h, 1h30m.")
    String interval,
    @Default(DEFAULT_JITTER)
    @Pattern(DURATION_PATTERN)
    @Size(max = MAX_DURATION_LENGTH)
    @JsonPropertyDescription("Kubernetes-style duration, at most the interval.")
    String jitter) {

  public static final String DEFAULT_INTERVAL = AgentConfig.DEFAULT_INTERVAL;
  /** Bounds the CEL rules' cost estimate (the API server refuses a CRD whose rules may cost too much). */
  static final long MAX_DURATION_LENGTH = 32;
  public static final String DEFAULT_JITTER = AgentConfig.DEFAULT_JITTER;
  /**
   * {@code io.reunir.contract.config.Durations.PATTERN} with at least one part: an empty string is not
   * a duration. A test checks the two stay the same language.
   */
  public static final String DURATION_PATTERN = "^(([0-9]+h)([0-9]+m)?([0-9]+s)?"
      + "|([0-9]+m)([0-9]+s)?|([0-9]+s))$";

  public String intervalOrDefault() {
    return interval == null ? DEFAULT_INTERVAL : interval;
  }

  public String jitterOrDefault() {
    return jitter == null ? DEFAULT_JITTER : jitter;
  }
}
