package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.CpuFacts;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CPU model and counts from the host root's {@code /proc/cpuinfo} and sysfs topology, and the
 * memory total from {@code /proc/meminfo}: the figures the node document holds, read directly.
 *
 * <p>OSHI gave the same figures, but building its processor also loaded JNA and libc, and ran
 * {@code ldconfig}, {@code uname}, {@code id}, {@code lshw}, {@code dmidecode} and {@code cpuid}
 * in the agent's own container (for a processor ID the agent never used): about 170 ms of a 0.4 s
 * {@code collect}, the longest probe. These files are not namespaced, so a bind-mounted host root
 * shows the host's values.
 */
final class CpuInfoReader {
  private CpuInfoReader() {}

  /** One {@code processor} entry of cpuinfo: its number and the topology cpuinfo gives for it. */
  private record Logical(String number, String packageId, String coreId) {}

  /**
   * Null when cpuinfo lists no processor. Sockets and cores are null when neither sysfs nor
   * cpuinfo describes the topology; the model is null when cpuinfo names none.
   */
  static CpuFacts cpu(HostRoot host, String cpuinfo) throws IOException {
    List<Logical> logical = new ArrayList<>();
    String model = null;
    String number = null;
    String packageId = null;
    String coreId = null;
    for (String line : (cpuinfo + "\n\n").lines().toList()) {
      int colon = line.indexOf(':');
      if (line.isBlank()) {
        if (number != null) {
          logical.add(new Logical(number, packageId, coreId));
        }
        number = packageId = coreId = null;
        continue;
      }
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "processor" -> number = value;
        case "physical id" -> packageId = value;
        case "core id" -> coreId = value;
        case "model name" -> model = model == null && !value.isEmpty() ? value : model;
        default -> { }
      }
    }
    if (logical.isEmpty()) {
      return null;
    }
    List<String[]> topology = fromSysfs(host, logical);
    if (topology == null) {
      topology = fromCpuinfo(logical);
    }
    if (topology == null) {
      return new CpuFacts(model, null, null, logical.size());
    }
    Set<String> packages = new HashSet<>();
    Set<List<String>> cores = new HashSet<>();
    for (String[] place : topology) {
      packages.add(place[0]);
      cores.add(List.of(place[0], place[1]));
    }
    return new CpuFacts(model, packages.size(), cores.size(), logical.size());
  }

  /** {package, core} of each logical CPU from sysfs, or null when sysfs does not say for all. */
  private static List<String[]> fromSysfs(HostRoot host, List<Logical> logical) throws IOException {
    List<String[]> places = new ArrayList<>();
    for (Logical cpu : logical) {
      if (!cpu.number().chars().allMatch(Character::isDigit) || cpu.number().isEmpty()) {
        return null;
      }
      String dir = "/sys/devices/system/cpu/cpu" + cpu.number() + "/topology/";
      Optional<String> packageId = host.readFirstLine(dir + "physical_package_id");
      Optional<String> coreId = host.readFirstLine(dir + "core_id");
      if (packageId.isEmpty() || coreId.isEmpty()) {
        return null;
      }
      places.add(new String[] {packageId.get().strip(), coreId.get().strip()});
    }
    return places;
  }

  /**
   * {package, core} from cpuinfo's {@code physical id} and {@code core id}, or null when a
   * processor has no core id. Without physical ids there is one package.
   */
  private static List<String[]> fromCpuinfo(List<Logical> logical) {
    List<String[]> places = new ArrayList<>();
    for (Logical cpu : logical) {
      if (cpu.coreId() == null) {
        return null;
      }
      places.add(new String[] {cpu.packageId() == null ? "0" : cpu.packageId(), cpu.coreId()});
    }
    return places;
  }

  /** Bytes from {@code MemTotal:  N kB}; null when absent or not a number. */
  static Long memoryTotal(String meminfo) {
    for (String line : meminfo.lines().toList()) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
        try {
          long kib = Long.parseLong(parts[0]); // the kernel always writes kB here
          return kib > 0 ? kib * 1024 : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
