package io.reunir.agent.probe.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.CpuFacts;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.FreshJvm;
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
    sysfsTopology(root, 2);
    Files.writeString(root.resolve("proc/cpuinfo"), TWO_THREADS_ONE_CORE);
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        2015436 kB\n");

    // OSHI reads sysfs, and reads one host root per process: this one gets a JVM of its own.
    JsonNode cpu = FreshJvm.collect(root, "hardware").at("/node/reunir/cpu");

    assertThat(cpu.toString())
        .isEqualTo("{\"model\":\"Ampere Altra\",\"sockets\":2,\"cores\":2,\"logical\":2}");
  }

  @Test
  void aSysfsThatMissesAProcessorLeavesTheTopologyToCpuinfo(@TempDir Path root) throws Exception {
    // cpu1's topology is gone (as when it is offline); OSHI would count it as core 0 of package 0.
    sysfsTopology(root, 2);
    Files.delete(root.resolve("sys/devices/system/cpu/cpu1/topology/core_id"));
    assertThat(CpuInfoReader.cpu(new HostRoot(root), TWO_THREADS_ONE_CORE))
        .isEqualTo(new CpuFacts("Ampere Altra", 1, 1, 2));

    // sysfs lists a processor cpuinfo does not.
    sysfsTopology(root, 3);
    assertThat(CpuInfoReader.cpu(new HostRoot(root), TWO_THREADS_ONE_CORE))
        .isEqualTo(new CpuFacts("Ampere Altra", 1, 1, 2));
  }

  /** cpu0 … cpu(n-1), each in a socket of its own. */
  private static void sysfsTopology(Path root, int cpus) throws Exception {
    Files.createDirectories(root.resolve("proc"));
    for (int cpu = 0; cpu < cpus; cpu++) {
      Path topology = Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu" + cpu
          + "/topology"));
      Files.writeString(topology.resolve("physical_package_id"), cpu + "\n");
      Files.writeString(topology.resolve("core_id"), "0\n");
    }
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
}
