package io.reunir.agent.registry;

import io.reunir.contract.config.AgentConfig;
import io.reunir.agent.probe.kubernetes.NodeReader;
import io.reunir.agent.probe.PackageBudget;
import io.reunir.agent.probe.containers.ImageCache;
import java.util.List;

/**
 * What some probes need beyond the host root, taken from the agent's config and environment.
 *
 * @param files host paths the opt-in files probe reads
 * @param kubernetes how the kubernetes probe reads its Node (one for the process)
 * @param packages how many packages a database may hold for this command's heap
 * @param images what the containers probe read of container roots (one for the process, so an
 *     unchanged root is not read again next cycle)
 */
public record ProbeSettings(List<String> files, NodeReader kubernetes, PackageBudget packages,
    ImageCache images) {
  public ProbeSettings {
    files = files == null ? List.of() : List.copyOf(files);
    packages = packages == null ? PackageBudget.forThisJvm() : packages;
    images = images == null ? new ImageCache() : images;
  }

  public ProbeSettings(List<String> files, NodeReader kubernetes, PackageBudget packages) {
    this(files, kubernetes, packages, null);
  }

  /** With the budget of a {@code run} cycle. */
  public ProbeSettings(List<String> files, NodeReader kubernetes) {
    this(files, kubernetes, null);
  }

  /** For the {@code run} command: the config's files; the process's one Node reader. */
  public static ProbeSettings from(AgentConfig config, NodeReader kubernetes) {
    return new ProbeSettings(config.files(), kubernetes);
  }

  /** The same, with the process's one image cache. */
  public static ProbeSettings from(AgentConfig config, NodeReader kubernetes, ImageCache images) {
    return new ProbeSettings(config.files(), kubernetes, null, images);
  }

  /** For {@code collect}: no files; the API server as this process's environment describes it. */
  public static ProbeSettings fromEnvironment() {
    return new ProbeSettings(List.of(), NodeReader.fromEnvironment(System.getenv(), null),
        PackageBudget.forCollect());
  }
}
