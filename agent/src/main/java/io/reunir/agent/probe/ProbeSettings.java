package io.reunir.agent.probe;

import io.reunir.agent.config.AgentConfig;
import io.reunir.agent.probe.kubernetes.KubernetesAccess;
import java.util.List;

/**
 * What some probes need beyond the host root, taken from the agent's config and environment.
 *
 * @param files host paths the opt-in files probe reads
 * @param kubernetes how the kubernetes probe reaches the API server
 */
public record ProbeSettings(List<String> files, KubernetesAccess kubernetes) {
  public ProbeSettings {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /** For the {@code run} command: the config's files; the API server from the environment. */
  public static ProbeSettings from(AgentConfig config) {
    return new ProbeSettings(
        config.files(), KubernetesAccess.fromEnvironment(System.getenv(), null));
  }

  /** No files; the API server as this process's environment describes it. */
  public static ProbeSettings fromEnvironment() {
    return new ProbeSettings(List.of(), KubernetesAccess.fromEnvironment(System.getenv(), null));
  }
}
