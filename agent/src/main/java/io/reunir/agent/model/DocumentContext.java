package io.reunir.agent.model;

/** What every document says about where it comes from, beyond the host itself. */
public record DocumentContext(String clusterName, String policy, String agentVersion) {

  public static DocumentContext local() {
    return new DocumentContext(null, null, AgentVersion.current());
  }
}
