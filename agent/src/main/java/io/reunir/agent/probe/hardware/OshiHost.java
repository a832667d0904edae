package io.reunir.agent.probe.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HWDiskStore;
import oshi.hardware.common.platform.linux.LinuxCentralProcessor;
import oshi.hardware.common.platform.linux.LinuxGlobalMemory;
import oshi.hardware.common.platform.linux.nativefree.LinuxHWDiskStoreNF;
import oshi.util.GlobalConfig;
import oshi.util.linux.DevPath;
import oshi.util.linux.ProcPath;
import oshi.util.linux.SysPath;

/**
 * OSHI's Linux readers pointed at the host root, limited to those that only read files under
 * {@code oshi.util.proc.path} and {@code oshi.util.sys.path}: no JNA, no udev, no process.
 *
 * <p>OSHI copies those paths into static constants ({@code ProcPath}, {@code SysPath}) when its
 * classes first load, so one process reads one host root, fixed by the first call; another root is
 * refused rather than silently read through the first. The agent has one host root per process.
 *
 * <p>Only native-free pieces of {@code oshi-common} are used, never {@code SystemInfo}: its JNA
 * layer asks libc and udev in the agent's own namespaces, and the native-free layer runs {@code
 * getconf} when it loads. Callers check that the files OSHI will read exist and are regular files
 * first: OSHI reads a missing file as zero and would block on a FIFO.
 */
final class OshiHost {
  /** OSHI's memory needs a page size only for swap figures, which the probe does not report. */
  private static final long UNUSED_PAGE_SIZE = 4096;

  private static Path configuredRoot;

  private OshiHost() {}

  /** OSHI pinned to this root; fails when this process's OSHI already reads another root. */
  static synchronized OshiHost forRoot(Path root) throws IOException {
    Path proc = root.resolve("proc");
    Path sys = root.resolve("sys");
    if (configuredRoot == null) {
      if (!Files.isDirectory(proc) || !Files.isDirectory(sys)) {
        throw new IOException("OSHI needs /proc and /sys under the host root " + root);
      }
      GlobalConfig.set(GlobalConfig.OSHI_UTIL_PROC_PATH, proc.toString());
      GlobalConfig.set(GlobalConfig.OSHI_UTIL_SYS_PATH, sys.toString());
      GlobalConfig.set(GlobalConfig.OSHI_OS_LINUX_ALLOWUDEV, false);
      configuredRoot = root;
    } else if (!configuredRoot.equals(root)) {
      throw new IOException("OSHI already reads host root " + configuredRoot
          + " in this process and cannot read " + root);
    }
    if (!Path.of(ProcPath.PROC).equals(proc) || !Path.of(SysPath.SYS).equals(sys)) {
      throw new IOException("OSHI was loaded before the hardware probe and reads " + ProcPath.PROC
          + ", not the host root " + root);
    }
    return new OshiHost();
  }

  /** Packages, physical cores and logical CPUs from sysfs topology; see {@link HostProcessor}. */
  CpuCounts cpuCounts() {
    CentralProcessor cpu = new HostProcessor();
    return new CpuCounts(cpu.getPhysicalPackageCount(), cpu.getPhysicalProcessorCount(),
        cpu.getLogicalProcessorCount());
  }

  record CpuCounts(int sockets, int cores, int logical) {}

  /** {@code MemTotal} of {@code /proc/meminfo} in bytes; 0 when OSHI found none. */
  long memoryTotal() {
    return new LinuxGlobalMemory(UNUSED_PAGE_SIZE).getTotal();
  }

  /** {@code /sys/block} entries with a {@code device}: name, size, model and serial from sysfs. */
  List<HWDiskStore> disks() {
    return LinuxHWDiskStoreNF.getDisks();
  }

  /** OSHI names a disk by its {@code /dev} path; the document uses the kernel's name. */
  static String kernelName(HWDiskStore disk) {
    String name = disk.getName();
    return name.startsWith(DevPath.DEV) ? name.substring(DevPath.DEV.length()) : name;
  }

  /**
   * OSHI's Linux processor with its sysfs scan and nothing native: OSHI's own subclasses get the
   * clock tick from libc (JNA) or {@code getconf}, and enumerate CPUs through udev. Counts are read
   * when it is made; the identifier, which would run {@code lshw}, {@code dmidecode}, {@code cpuid}
   * and {@code lscpu}, is never asked for.
   */
  private static final class HostProcessor extends LinuxCentralProcessor {
    /** USER_HZ; OSHI uses it only to convert CPU tick counters, which the probe does not read. */
    private static final long UNUSED_HZ = 100;

    HostProcessor() {
      super(UNUSED_HZ);
    }

    @Override
    protected List<String> enumerateCpuSyspathsViaUdev() {
      return null; // the base class then lists SysPath.CPU's cpuN directories
    }

    @Override
    protected int getloadavgNative(double[] loadavg, int nelem) {
      return -1; // the base class then reads /proc/loadavg
    }
  }
}
