package io.reunir.agent.probe.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.testing.FreshJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OSHI reads the host root, not the machine it runs on: the {@code epyc-2socket} fixture (two
 * sockets of three cores with two threads each, 64 GiB, an NVMe and a virtio disk, in the kernel's
 * formats) differs from this machine, and {@code collect} reports the fixture's figures. A flight
 * recording of that JVM shows that nothing started a process.
 */
class OshiHostTest {
  private static final Path FIXTURE = Path.of("src/test/resources/hosts/epyc-2socket");

  @Test
  void cpuMemoryAndDisksAreTheFixturesAndNoProcessStarts(@TempDir Path dir) throws Exception {
    Path recording = dir.resolve("collect.jfr");
    JsonNode node = FreshJvm.collect(FIXTURE, "hardware",
        "-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true",
        "-Xlog:jfr+startup=off").get("node");

    assertThat(node.at("/reunir/cpu").toString()).isEqualTo("{\"model\":\"AMD EPYC 7313 16-Core"
        + " Processor\",\"sockets\":2,\"cores\":6,\"logical\":12}");
    assertThat(node.at("/reunir/memory/total").asLong()).isEqualTo(65839176L * 1024);
    assertThat(node.at("/reunir/disks").toString()).isEqualTo("[{\"name\":\"nvme0n1\","
        + "\"size\":214748364800,\"rotational\":false,\"model\":\"Amazon Elastic Block Store\","
        + "\"serial\":\"vol0f1e2d3c4b5a69788\"},{\"name\":\"vda\",\"size\":53687091200,"
        + "\"rotational\":true,\"serial\":\"scratch-7\"}]");
    assertThat(FreshJvm.errors(node)).noneMatch(e -> e.contains("CPU") || e.contains("memory")
        || e.contains("disk"));

    // The figures are the fixture's only if this machine's are not the same.
    long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("processor")).count();
    String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
    assertThat(processors).isNotEqualTo(12);
    assertThat(memTotal).isNotEqualTo("MemTotal:       65839176 kB");

    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
    assertThat(events).as("the recording holds the JVM's events")
        .anyMatch(e -> e.getEventType().getName().equals("jdk.JVMInformation"));
    assertThat(events).noneMatch(e -> e.getEventType().getName().equals("jdk.ProcessStart"));
  }
}
