package io.reunir.agent.probe.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.CpuFacts;
import io.reunir.agent.probe.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuInfoReaderTest {
  private static final String TWO_THREADS_ONE_CORE = """
      processor\t: 0
      model name\t: Ampere Altra
      physical id\t: 0
      core id\t\t: 0

      processor\t: 1
      model name\t: Ampere Altra
      physical id\t: 0
      core id\t\t: 0
      """;

  @Test
  void sysfsTopologyWinsOverCpuinfo(@TempDir Path root) throws Exception {
    // sysfs says two sockets of one core each; cpuinfo (often wrong in VMs) says one core.
    for (int cpu = 0; cpu < 2; cpu++) {
      Path topology = Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu" + cpu
          + "/topology"));
      Files.writeString(topology.resolve("physical_package_id"), cpu + "\n");
      Files.writeString(topology.resolve("core_id"), "0\n");
    }

    assertThat(CpuInfoReader.cpu(new HostRoot(root), TWO_THREADS_ONE_CORE))
        .isEqualTo(new CpuFacts("Ampere Altra", 2, 2, 2));
  }

  @Test
  void cpuinfoGivesTheTopologyWithoutSysfs(@TempDir Path root) throws Exception {
    assertThat(CpuInfoReader.cpu(new HostRoot(root), TWO_THREADS_ONE_CORE))
        .isEqualTo(new CpuFacts("Ampere Altra", 1, 1, 2));
  }

  @Test
  void withoutAnyTopologyOnlyTheLogicalCountIsKnown(@TempDir Path root) throws Exception {
    // An arm64 cpuinfo: no model name, no physical or core ids.
    String arm = """
        processor\t: 0
        BogoMIPS\t: 50.00
        CPU implementer\t: 0x41

        processor\t: 1
        BogoMIPS\t: 50.00
        """;

    assertThat(CpuInfoReader.cpu(new HostRoot(root), arm))
        .isEqualTo(new CpuFacts(null, null, null, 2));
    assertThat(CpuInfoReader.cpu(new HostRoot(root), "garbage\nno colon here\n")).isNull();
  }

  @Test
  void memoryTotalIsKibibytesTimes1024() {
    assertThat(CpuInfoReader.memoryTotal("MemTotal:       16374944 kB\nMemFree: 1 kB\n"))
        .isEqualTo(16374944L * 1024);
    assertThat(CpuInfoReader.memoryTotal("MemTotal: lots kB\n")).isNull();
    assertThat(CpuInfoReader.memoryTotal("MemFree: 1 kB\n")).isNull();
    assertThat(CpuInfoReader.memoryTotal("MemTotal:\n")).isNull();
  }
}
