package io.reunir.agent.probe.owners;

import java.util.List;
import java.util.Optional;

/** Which installed package owns a file on the host: the link from a running program to a package. */
public interface PackageOwners {
  /** The owning package's name for a host path such as {@code /usr/sbin/sshd}, if any package owns it. */
  Optional<String> owner(String hostPath);

  /** Asks each in turn (a host has one package manager, but it does no harm to ask several). */
  static PackageOwners anyOf(List<PackageOwners> owners) {
    return path -> owners.stream().map(o -> o.owner(path)).flatMap(Optional::stream).findFirst();
  }
}
