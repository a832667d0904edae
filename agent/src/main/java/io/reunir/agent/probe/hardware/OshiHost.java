package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.CpuFacts;
import java.nio.file.Path;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.util.GlobalConfig;
import oshi.util.platform.linux.ProcPath;
import oshi.util.platform.linux.SysPath;

/**
 * CPU and memory through OSHI, with OSHI's proc and sys paths pointed at the host root.
 *
 * <p>OSHI copies those paths into static constants ({@code ProcPath}, {@code SysPath}) the first
 * time its Linux classes load, so they can be set once per JVM and never changed. The agent has one
 * host root per process; asking for a second root here is refused rather than silently reading the
 * first one. udev is turned off because libudev reads the container's {@code /sys}, not the
 * configured path.
 *
 * <p>What OSHI reads here: {@code proc/cpuinfo} (model, processors), {@code sys/devices/system/cpu}
 * (topology; cpuinfo's {@code physical id}/{@code core id} when absent) and {@code proc/meminfo},
 * all under the host root. These are not namespaced, so even a host root bind-mounted into a pod
 * shows the host's values. Where those files are silent OSHI asks {@code lscpu} and {@code
 * dmidecode} in the agent's own container; the probe drops such values (see {@link HardwareProbe}).
 */
final class OshiHost {
  private static Path configuredRoot;

  private final SystemInfo system;

  private OshiHost(SystemInfo system) {
    this.system = system;
  }

  /** OSHI pinned to this root; fails when this JVM's OSHI already reads another root. */
  static synchronized OshiHost forRoot(Path root) {
    if (configuredRoot == null) {
      GlobalConfig.set("oshi.util.proc.path", root.resolve("proc").toString());
      GlobalConfig.set("oshi.util.sys.path", root.resolve("sys").toString());
      GlobalConfig.set("oshi.util.dev.path", root.resolve("dev").toString());
      GlobalConfig.set("oshi.os.linux.allowudev", false);
      configuredRoot = root;
    } else if (!configuredRoot.equals(root)) {
      throw new IllegalStateException(
          "OSHI already reads host root "
              + configuredRoot
              + " in this process; it cannot be pointed at "
              + root);
    }
    // Other code in this JVM may have loaded OSHI first, pinning it to the agent's own /proc.
    if (!Path.of(ProcPath.PROC).equals(root.resolve("proc"))
        || !Path.of(SysPath.SYS).equals(root.resolve("sys"))) {
      throw new IllegalStateException(
          "OSHI was initialised before the hardware probe and reads "
              + ProcPath.PROC
              + ", not the host root "
              + root);
    }
    return new OshiHost(new SystemInfo());
  }

  CpuFacts cpu() {
    CentralProcessor cpu = system.getHardware().getProcessor();
    String model = cpu.getProcessorIdentifier().getName();
    return new CpuFacts(
        model == null || model.isBlank() ? null : model.strip(),
        positive(cpu.getPhysicalPackageCount()),
        positive(cpu.getPhysicalProcessorCount()),
        positive(cpu.getLogicalProcessorCount()));
  }

  /** Bytes; null when OSHI found no MemTotal (it reports 0 then). */
  Long memoryTotal() {
    long total = system.getHardware().getMemory().getTotal();
    return total > 0 ? total : null;
  }

  private static Integer positive(int value) {
    return value > 0 ? value : null;
  }
}
