package io.reunir.contract.probe;

import java.util.List;

/**
 * What the agent's probe of this name needs from the node, for the operator to grant it and no more.
 *
 * @param name the name policies, the agent's config and {@code --probes} use
 * @param enabledByDefault whether it runs when a policy names no probes
 * @param hostPaths the host paths its readers open (through {@code /host}), each with its reason
 * @param policyFiles whether it also reads the files a policy names ({@code spec.files})
 * @param privileges what it needs beyond a non-root user without capabilities
 */
public record ProbeEntry(String name, boolean enabledByDefault, List<HostPath> hostPaths,
    boolean policyFiles, Privileges privileges) {

  public ProbeEntry {
    hostPaths = List.copyOf(hostPaths);
  }

  /** False for a probe that only asks the Kubernetes API: it runs without a host root. */
  public boolean readsHost() {
    return !hostPaths.isEmpty() || policyFiles;
  }

  /**
   * One host directory a probe reads. {@code onEveryNode} says whether every Linux node has it
   * ({@code /etc}, {@code /proc}); a package database exists only on nodes of its family.
   * {@code propagated}: file systems are mounted below it after the agent starts (container roots),
   * so the mount needs {@code HostToContainer} propagation to show them.
   */
  public record HostPath(String path, boolean onEveryNode, String why, boolean propagated) {
    public HostPath(String path, boolean onEveryNode, String why) {
      this(path, onEveryNode, why, false);
    }
  }

  /**
   * @param root runs as uid 0 (a capability of a non-root container never becomes effective)
   * @param capabilities Linux capabilities added to the container, without {@code CAP_}
   * @param kubernetesApi reads the API server with the pod's service account token
   */
  public record Privileges(boolean root, List<String> capabilities, boolean kubernetesApi) {
    public static final Privileges NONE = new Privileges(false, List.of(), false);

    public Privileges {
      capabilities = List.copyOf(capabilities);
    }
  }
}
