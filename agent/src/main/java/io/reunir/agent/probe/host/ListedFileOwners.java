package io.reunir.agent.probe.host;

import io.reunir.agent.probe.HostRoot;
import java.util.Optional;

/**
 * File owners from a package manager's file lists, read into a {@link FileIndex} on the first
 * question and then kept: hosts of another manager, and probes that never ask, never pay for it.
 * What cannot be read owns nothing here; the packages probe is the one that reports it.
 */
abstract class ListedFileOwners implements PackageOwners {
  protected final HostRoot host;
  private FileIndex owners;

  ListedFileOwners(HostRoot host) {
    this.host = host;
  }

  /** Adds every (path, package) the manager lists; what was added before a failure still counts. */
  protected abstract void fill(FileIndex index);

  @Override
  public Optional<String> owner(String hostPath) {
    return index().owner(hostPath);
  }

  /** How many paths the lists name; zero when the host has no such database. */
  public int size() {
    return index().size();
  }

  private synchronized FileIndex index() {
    if (owners == null) {
      owners = new FileIndex(host);
      fill(owners);
    }
    return owners;
  }
}
