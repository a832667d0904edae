package io.reunir.agent.registry;

import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.containers.ContainersProbe;
import io.reunir.agent.probe.files.FilesProbe;
import io.reunir.agent.probe.hardware.HardwareProbe;
import io.reunir.agent.probe.kubernetes.KubernetesProbe;
import io.reunir.agent.probe.libraries.LibrariesProbe;
import io.reunir.agent.probe.os.OsProbe;
import io.reunir.agent.probe.processes.ProcessesProbe;
import io.reunir.agent.probe.services.ServicesProbe;
import io.reunir.agent.probe.packages.PackagesProbe;
import io.reunir.contract.probe.ProbeCatalogue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The probes the agent has, one line each, by the names policies and {@code --probes} use. What each
 * reads on the host and needs is its entry in the contract's {@link ProbeCatalogue}: a test keeps the
 * two lists equal. The registry stands outside the probes, which never import one another (shared
 * host readers are in {@code probe.host}).
 */
public final class Probes {
  private static final Map<String, Function<ProbeSettings, Probe>> ALL = new LinkedHashMap<>();

  static {
    ALL.put(OsProbe.NAME, settings -> new OsProbe());
    ALL.put(HardwareProbe.NAME, settings -> new HardwareProbe());
    ALL.put(PackagesProbe.NAME, settings -> new PackagesProbe(settings.packages()));
    ALL.put(ServicesProbe.NAME, settings -> new ServicesProbe());
    ALL.put(KubernetesProbe.NAME, settings -> new KubernetesProbe(settings.kubernetes()));
    ALL.put(ProcessesProbe.NAME, settings -> new ProcessesProbe());
    ALL.put(FilesProbe.NAME, settings -> new FilesProbe(settings.files()));
    ALL.put(LibrariesProbe.NAME, settings -> new LibrariesProbe());
    ALL.put(ContainersProbe.NAME, settings ->
        new ContainersProbe(new PackagesProbe(settings.packages()), settings.images()));
  }

  /** What runs when nothing is named: the catalogue's defaults (not the opt-in ones). */
  public static final List<String> DEFAULT = ProbeCatalogue.defaults();

  private Probes() {}

  public static List<String> known() {
    return List.copyOf(ALL.keySet());
  }

  /** The probes for these names with settings from the environment (no files). */
  public static List<Probe> named(List<String> names) {
    return named(names, ProbeSettings.fromEnvironment());
  }

  /** The probes for these names, in the order given; an unknown name is an error that names it. */
  public static List<Probe> named(List<String> names, ProbeSettings settings) {
    List<Probe> probes = new ArrayList<>();
    for (String name : names) {
      Function<ProbeSettings, Probe> probe = ALL.get(name);
      if (probe == null) {
        throw new IllegalArgumentException(
            "unknown probe '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
      }
      probes.add(probe.apply(settings));
    }
    return probes;
  }
}
