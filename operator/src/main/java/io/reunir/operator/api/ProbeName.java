package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reunir.contract.probe.ProbeCatalogue;
import io.reunir.contract.probe.ProbeEntry;

/**
 * The agent's probes, as the CRD's enum; what each needs is its {@link ProbeCatalogue} entry (a test
 * keeps the two lists equal).
 */
public enum ProbeName {
  OS(ProbeCatalogue.OS),
  HARDWARE(ProbeCatalogue.HARDWARE),
  PACKAGES(ProbeCatalogue.PACKAGES),
  SERVICES(ProbeCatalogue.SERVICES),
  KUBERNETES(ProbeCatalogue.KUBERNETES),
  PROCESSES(ProbeCatalogue.PROCESSES),
  FILES(ProbeCatalogue.FILES),
  LIBRARIES(ProbeCatalogue.LIBRARIES),
  CONTAINERS(ProbeCatalogue.CONTAINERS);

  private final String wireName;

  ProbeName(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the policy and in the agent's config. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** What this probe reads on the host and needs to run. */
  public ProbeEntry entry() {
    return ProbeCatalogue.entry(wireName);
  }

  public static ProbeName of(String wireName) {
    for (ProbeName probe : values()) {
      if (probe.wireName.equals(wireName)) {
        return probe;
      }
    }
    throw new IllegalArgumentException("no ProbeName for '" + wireName + "'");
  }
}
