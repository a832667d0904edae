package io.reunir.agent.probe.host;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.host.rpm.RpmDatabase;
import io.reunir.agent.probe.host.rpm.RpmFileOwners;
import java.io.IOException;
import java.util.Optional;

/**
 * File owners from the host's rpm database, read on the first question and only once: hosts without
 * rpm (or services without an executable) never pay for it. A database that cannot be read owns
 * nothing here; the packages probe is the one that reports it.
 */
public final class RpmPackageOwners implements PackageOwners {
  private final HostRoot host;
  private Optional<RpmFileOwners> owners;

  public RpmPackageOwners(HostRoot host) {
    this.host = host;
  }

  @Override
  public Optional<String> owner(String hostPath) {
    Optional<RpmFileOwners> owners = owners();
    if (owners.isEmpty()) {
      return Optional.empty();
    }
    try {
      return owners.get().owner(host, hostPath);
    } catch (IOException e) {
      return owners.get().owner(hostPath);
    }
  }

  /** Probes of one collection share this object (see {@link PackageOwners#forHost}): read once. */
  private synchronized Optional<RpmFileOwners> owners() {
    if (owners == null) {
      try {
        owners = RpmDatabase.read(host).map(RpmDatabase.Installed::owners);
      } catch (IOException | RuntimeException e) {
        owners = Optional.empty();
      }
    }
    return owners;
  }
}
