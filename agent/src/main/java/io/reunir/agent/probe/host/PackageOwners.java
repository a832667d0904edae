package io.reunir.agent.probe.host;

import io.reunir.agent.probe.HostRoot;
import java.util.List;
import java.util.Optional;

/** Which installed package owns a file on the host: the link from a running program to a package. */
public interface PackageOwners {
  /** The owning package's name for a host path such as {@code /usr/sbin/sshd}, if any package owns it. */
  Optional<String> owner(String hostPath);

  /**
   * The owners a Linux host may have (dpkg's lists, rpm's database, apk's database), one set per host
   * root: the services, processes and libraries probes of a collection share it, so each database
   * is read once a collection, not once a probe.
   */
  static PackageOwners forHost(HostRoot host) {
    return host.shared(PackageOwners.class, h -> anyOf(
        List.of(new DpkgFileOwners(h), new RpmPackageOwners(h), new ApkFileOwners(h))));
  }

  /** Asks each in turn (a host has one package manager, but it does no harm to ask several). */
  static PackageOwners anyOf(List<PackageOwners> owners) {
    return path -> owners.stream().map(o -> o.owner(path)).flatMap(Optional::stream).findFirst();
  }
}
