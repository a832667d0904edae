package io.reunir.agent.registry;

import io.reunir.contract.config.AgentConfig;
import io.reunir.agent.probe.kubernetes.KubernetesAccess;
import io.reunir.agent.probe.PackageBudget;
import java.util.List;

/**
 * What some probes need beyond the host root, taken from the agent's config and environment.
 *
 * @param files host paths the opt-in files probe reads
 * @param kubernetes how the kubernetes probe reaches the API server
 * @param packages how many packages a database may hold for this command's heap
 */
public record ProbeSettings(List<String> files, KubernetesAccess kubernetes, PackageBudget packages) {
  public ProbeSettings {
    files = files == null ? List.of() : List.copyOf(files);
    packages = packages == null ? PackageBudget.forThisJvm() : packages;
  }

  /** With the budget of a {@code run} cycle. */
  public ProbeSettings(List<String> files, KubernetesAccess kubernetes) {
    this(files, kubernetes, null);
  }

  /** For the {@code run} command: the config's files; the API server from the environment. */
  public static ProbeSettings from(AgentConfig config) {
    return new ProbeSettings(
        config.files(), KubernetesAccess.fromEnvironment(System.getenv(), null));
  }

  /** For {@code collect}: no files; the API server as this process's environment describes it. */
  public static ProbeSettings fromEnvironment() {
    return new ProbeSettings(List.of(), KubernetesAccess.fromEnvironment(System.getenv(), null),
        PackageBudget.forCollect());
  }
}
