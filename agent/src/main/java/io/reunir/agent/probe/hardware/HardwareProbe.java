package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.CpuFacts;
import io.reunir.agent.model.DiskFacts;
import io.reunir.agent.model.FilesystemFacts;
import io.reunir.agent.model.HardwareFacts;
import io.reunir.agent.model.NetworkInterfaceFacts;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU, memory, file systems, network interfaces and disks of the host.
 *
 * <p>Fields on the node document: {@code reunir.cpu.model}, {@code reunir.cpu.sockets} (physical
 * packages), {@code reunir.cpu.cores} (physical cores), {@code reunir.cpu.logical} (hardware
 * threads) — see {@link CpuInfoReader}; {@code reunir.memory.total} (bytes, OSHI's {@code MemTotal}
 * from {@code /proc/meminfo}) — see {@link OshiHost};
 * {@code reunir.filesystems[]} ({@code mount}, {@code type}, {@code size}, {@code free}, bytes) —
 * from {@code /proc/1/mountinfo}, see {@link MountInfoParser} for which mounts count and {@link
 * FilesystemReader} for when sizes are known; {@code reunir.interfaces[]} ({@code name}, {@code
 * mac}, {@code ip}), {@code host.mac}, {@code host.ip} — see {@link NetworkReader}; {@code
 * reunir.disks[]} ({@code name}, {@code size} in bytes, {@code rotational}, {@code model}, {@code
 * serial}) — whole disks from {@code /sys/block}, see {@link BlockDeviceReader} for which count. Sample
 * (abridged from the debian12 fixture; the full expected document is {@code
 * src/test/resources/expected/debian12-hardware-node.json}, checked by a test):
 *
 * <pre>
 * "reunir": {"cpu": {"model": "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", "sockets": 2, "cores": 4,
 *   "logical": 8}, "memory": {"total": 16767942656},
 *   "filesystems": [{"mount": "/", "type": "ext4"}, {"mount": "/boot", "type": "ext2"}],
 *   "disks": [{"name": "nvme0n1", "size": 107374182400, "rotational": false,
 *   "model": "Amazon Elastic Block Store", "serial": "vol0a1b2c3d4e5f60718"}, …],
 *   "interfaces": [{"name": "cni0", "mac": "0a:58:0a:f4:00:01", "ip": ["10.244.0.1"]}, …,
 *   {"name": "eth0", "mac": "52:54:00:12:34:56",
 *   "ip": ["10.0.2.15", "fd00::5054:ff:fe12:3456", "fe80::5054:ff:fe12:3456"]}]},
 * "host": {"mac": ["0a:58:0a:f4:00:01", …, "52:54:00:12:34:56"], "ip": ["10.244.0.1", …]}
 * </pre>
 *
 * A value that cannot be read is left out and the reason recorded under the probe name "hardware".
 */
public final class HardwareProbe implements Probe {
  public static final String NAME = "hardware";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) throws Exception {
    CpuFacts cpu = null;
    Long memory = null;
    Optional<String> cpuinfo = host.readText("/proc/cpuinfo");
    Optional<String> meminfo = host.readText("/proc/meminfo");
    if (cpuinfo.isEmpty() || meminfo.isEmpty()) {
      List<String> missing = new ArrayList<>();
      if (cpuinfo.isEmpty()) {
        missing.add("/proc/cpuinfo");
      }
      if (meminfo.isEmpty()) {
        missing.add("/proc/meminfo");
      }
      snapshot.error(NAME, "CPU and memory unknown: missing under the host root: "
          + String.join(", ", missing));
    } else {
      try {
        cpu = checked(CpuInfoReader.cpu(host, cpuinfo.get()), snapshot);
      } catch (IOException e) {
        snapshot.error(NAME, Bounded.text("CPU unknown: " + e.getMessage()));
      }
      memory = memoryTotal(host, snapshot);
    }
    snapshot.hardware(
        new HardwareFacts(
            cpu,
            memory,
            capped("file systems", filesystems(host, snapshot), snapshot),
            capped("network interfaces", interfaces(host, snapshot), snapshot),
            capped("disks", disks(host, snapshot), snapshot)));
  }

  /** OSHI's {@code MemTotal} (it reads only {@code /proc/meminfo}), checked present above. */
  private static Long memoryTotal(HostRoot host, Snapshot.Builder snapshot) {
    try {
      long total = OshiHost.forRoot(host.root()).memoryTotal();
      if (total > 0) {
        return total;
      }
      snapshot.error(
          NAME, "memory total unknown: no MemTotal in /proc/meminfo under the host root");
    } catch (IOException e) {
      snapshot.error(NAME, Bounded.text("memory total unknown: " + e.getMessage()));
    }
    return null;
  }

  /** A host with thousands of mounts or interfaces is cut, and says so. */
  private static <T> List<T> capped(String what, List<T> list, Snapshot.Builder snapshot) {
    if (list == null || list.size() <= Bounded.MAX_ENTRIES) {
      return list;
    }
    snapshot.error(
        NAME,
        "only the first " + Bounded.MAX_ENTRIES + " of " + list.size() + " " + what + " kept");
    return List.copyOf(list.subList(0, Bounded.MAX_ENTRIES));
  }

  /** Says which CPU figures the host root's files leave unknown. */
  private static CpuFacts checked(CpuFacts cpu, Snapshot.Builder snapshot) {
    if (cpu == null) {
      snapshot.error(NAME, "CPU unknown: /proc/cpuinfo under the host root lists no processor");
      return null;
    }
    if (cpu.model() == null) {
      snapshot.error(NAME, "CPU model unknown: no model name in /proc/cpuinfo under the host root");
    }
    if (cpu.sockets() == null) {
      snapshot.error(
          NAME,
          "CPU sockets and cores unknown: neither /sys/devices/system/cpu nor "
              + "/proc/cpuinfo under the host root describes the topology");
    }
    return cpu;
  }

  private static List<FilesystemFacts> filesystems(HostRoot host, Snapshot.Builder snapshot) {
    try {
      Optional<String> mountinfo = host.readText("/proc/1/mountinfo");
      if (mountinfo.isEmpty()) {
        snapshot.error(NAME, "file systems unknown: no /proc/1/mountinfo under the host root");
        return null;
      }
      List<String> malformed = new ArrayList<>();
      var mounts = MountInfoParser.parse(mountinfo.get(), malformed);
      if (!malformed.isEmpty()) {
        snapshot.error(
            NAME,
            Bounded.text(
                malformed.size()
                    + " malformed line(s) in /proc/1/mountinfo, "
                    + "first: "
                    + malformed.get(0)));
      }
      return FilesystemReader.read(host, mounts, snapshot::error);
    } catch (Exception e) {
      snapshot.error(NAME, Bounded.text("file systems unknown: " + e));
      return null;
    }
  }

  private static List<DiskFacts> disks(HostRoot host, Snapshot.Builder snapshot) {
    try {
      return BlockDeviceReader.read(host, snapshot::error);
    } catch (Exception e) {
      snapshot.error(NAME, Bounded.text("disks unknown: " + e));
      return null;
    }
  }

  private static List<NetworkInterfaceFacts> interfaces(HostRoot host, Snapshot.Builder snapshot) {
    try {
      return NetworkReader.read(host, snapshot::error);
    } catch (Exception e) {
      snapshot.error(NAME, Bounded.text("network interfaces unknown: " + e));
      return null;
    }
  }
}
