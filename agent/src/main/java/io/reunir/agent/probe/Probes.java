package io.reunir.agent.probe;

import io.reunir.agent.probe.os.OsProbe;
import io.reunir.agent.probe.processes.ProcessesProbe;
import io.reunir.agent.probe.services.ServicesProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The probes the agent knows, by the names policies and {@code --probes} use. */
public final class Probes {
  private static final Map<String, Supplier<Probe>> ALL = new LinkedHashMap<>();

  static {
    ALL.put(OsProbe.NAME, OsProbe::new);
    ALL.put(ServicesProbe.NAME, ServicesProbe::new);
    ALL.put(ProcessesProbe.NAME, ProcessesProbe::new);
  }

  /** What runs when nothing is named: everything but the opt-in probes. */
  public static final List<String> DEFAULT = List.of(OsProbe.NAME, ServicesProbe.NAME);

  private Probes() {}

  public static List<String> known() {
    return List.copyOf(ALL.keySet());
  }

  /** The probes for these names, in the order given; an unknown name is an error that names it. */
  public static List<Probe> named(List<String> names) {
    List<Probe> probes = new ArrayList<>();
    for (String name : names) {
      Supplier<Probe> probe = ALL.get(name);
      if (probe == null) {
        throw new IllegalArgumentException("unknown probe '" + name + "' (known: "
            + String.join(", ", ALL.keySet()) + ")");
      }
      probes.add(probe.get());
    }
    return probes;
  }
}
