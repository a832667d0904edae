package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.CpuFacts;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU model and counts of the host root.
 *
 * <p>The counts are OSHI's ({@link OshiHost#cpuCounts}) when sysfs topology describes exactly the
 * processors cpuinfo lists: OSHI then reads only {@code /sys/devices/system/cpu} under the host
 * root. Otherwise they come from cpuinfo's {@code physical id} and {@code core id} here, because
 * OSHI's fallback runs {@code lscpu} in the agent's container, and on a partial sysfs it counts
 * every missing id as core 0. The model is read here from cpuinfo's {@code model name}: OSHI's
 * processor identifier also runs {@code lshw}, {@code dmidecode} and {@code cpuid}. These files are
 * not namespaced, so a bind-mounted host root shows the host's values.
 */
final class CpuInfoReader {
  private CpuInfoReader() {}

  /** One {@code processor} entry of cpuinfo: its number and the topology cpuinfo gives for it. */
  private record Logical(String number, String packageId, String coreId) {}

  /**
   * Null when cpuinfo lists no processor. Sockets and cores are null when neither sysfs nor
   * cpuinfo describes the topology; the model is null when cpuinfo names none. Fails when OSHI
   * cannot read this host root (see {@link OshiHost#forRoot}).
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
    if (sysfsDescribes(host, logical)) {
      OshiHost.CpuCounts counts = OshiHost.forRoot(host.root()).cpuCounts();
      return new CpuFacts(model, counts.sockets(), counts.cores(), counts.logical());
    }
    List<String[]> topology = fromCpuinfo(logical);
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

  /**
   * Whether sysfs has a {@code cpuN} directory for exactly cpuinfo's processors, each with a numeric
   * package and core id: then OSHI's count of {@code cpuN} directories and ids is the host's.
   */
  private static boolean sysfsDescribes(HostRoot host, List<Logical> logical) throws IOException {
    Path cpuDir = host.resolve("/sys/devices/system/cpu");
    if (!Files.isDirectory(cpuDir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Set<String> listed;
    try (Stream<Path> entries = Files.list(cpuDir)) {
      listed = entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("cpu\\d+"))
          .collect(Collectors.toSet());
    }
    Set<String> processors = new HashSet<>();
    for (Logical cpu : logical) {
      if (!cpu.number().matches("\\d+")) {
        return false;
      }
      processors.add("cpu" + cpu.number());
      String dir = "/sys/devices/system/cpu/cpu" + cpu.number() + "/topology/";
      for (String id : List.of("physical_package_id", "core_id")) {
        if (!host.readFirstLine(dir + id).orElse("").matches("\\d+")) {
          return false;
        }
      }
    }
    return listed.equals(processors);
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
}
