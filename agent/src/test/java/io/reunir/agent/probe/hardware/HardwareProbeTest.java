package io.reunir.agent.probe.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.testing.FreshJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole probe through {@code collect}, each host root in its own JVM (see {@link FreshJvm}).
 */
class HardwareProbeTest {

  @Test
  void debianFixtureGivesTheDocumentedNodeFields() throws Exception {
    JsonNode node =
        FreshJvm.collect(Path.of("src/test/resources/hosts/debian12"), "hardware").get("node");
    JsonNode expected =
        new ObjectMapper()
            .readTree(Path.of("src/test/resources/expected/debian12-hardware-node.json").toFile());

    ObjectNode actual = new ObjectMapper().createObjectNode();
    ObjectNode reunir = actual.putObject("reunir");
    for (String field : List.of("cpu", "memory", "interfaces", "filesystems", "disks")) {
      reunir.set(field, node.get("reunir").get(field));
    }
    actual.set("host", node.get("host"));
    assertThat(actual).isEqualTo(expected);

    List<String> errors = new ArrayList<>();
    node.at("/reunir/probe/errors")
        .forEach(e -> errors.add(e.get("probe").asText() + ": " + e.get("error").asText()));
    // The fixture's mount points are plain folders, so their sizes must not be reported as the
    // disk's.
    assertThat(errors)
        .anyMatch(
            e ->
                e.startsWith("hardware: file system size unknown")
                    && e.contains("/boot")
                    && e.contains("8:1 on the host"));
    assertThat(errors)
        .contains(
            "hardware: 1 IPv4 address(es) left out: no connected route in /proc/1/net/route names"
                + " their interface (usual for /32 addresses on tunnel or dummy devices such as"
                + " tunl0 or kube-ipvs0): 172.31.9.9");
    assertThat(errors).hasSize(2);
  }

  @Test
  void aRootWithoutProcAndSysGivesReasonsForEveryPart(@TempDir Path empty) throws Exception {
    Files.createDirectories(empty.resolve("etc")); // a host root, but without /proc and /sys
    JsonNode node = FreshJvm.collect(empty, "hardware").get("node");

    assertThat(node.at("/reunir/cpu").isMissingNode()).isTrue();
    assertThat(node.at("/reunir/memory").isMissingNode()).isTrue();
    assertThat(errors(node))
        .containsExactly(
            "hardware: CPU and memory unknown: missing under the host root: /proc/cpuinfo,"
                + " /proc/meminfo",
            "hardware: file systems unknown: no /proc/1/mountinfo under the host root",
            "hardware: network interfaces unknown: no /sys/class/net under the host root",
            "hardware: disks unknown: no /sys/block under the host root");
  }

  @Test
  void hostileFilesGiveErrorsNotGuesses(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("proc/1/net"));
    Files.createDirectories(root.resolve("sys/class/net/eth0"));
    // No processor entries, bytes that are not UTF-8, NULs.
    Files.write(
        root.resolve("proc/cpuinfo"), new byte[] {'x', 0, 0, (byte) 0xff, (byte) 0xfe, '\n'});
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal: lots kB\n");
    StringBuilder manyMounts = new StringBuilder("not a mount line\n");
    manyMounts.append("28 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
    for (int i = 0; i < 300; i++) {
      manyMounts
          .append(100 + i)
          .append(" 28 9:")
          .append(i)
          .append(" / /m")
          .append(i)
          .append(" rw - ext4 /dev/md")
          .append(i)
          .append(" rw\n");
    }
    Files.writeString(root.resolve("proc/1/mountinfo"), manyMounts);
    Files.writeString(root.resolve("proc/1/net/fib_trie"), "|-- 999.1.1.1\n/32 host LOCAL\n");
    Files.writeString(root.resolve("proc/1/net/route"), "garbage\n");
    Files.writeString(
        root.resolve("proc/1/net/if_inet6"),
        "zz 01 02 eth0\n" + "nothex0000000000000000000000000 02 40 00 00 eth0\n");

    JsonNode node = FreshJvm.collect(root, "hardware").get("node");

    assertThat(node.at("/reunir/cpu").isMissingNode()).isTrue();
    assertThat(node.at("/reunir/memory").isMissingNode()).isTrue();
    assertThat(node.at("/reunir/filesystems/0/mount").asText()).isEqualTo("/");
    assertThat(node.at("/reunir/filesystems/0/size").isMissingNode()).isTrue();
    assertThat(node.at("/reunir/filesystems")).hasSize(256);
    assertThat(node.at("/reunir/interfaces/0/name").asText()).isEqualTo("eth0");
    assertThat(node.at("/reunir/interfaces/0/mac").isMissingNode()).isTrue();
    assertThat(errors(node))
        .contains(
            "hardware: CPU unknown: /proc/cpuinfo under the host root lists no processor",
            "hardware: memory total unknown: no MemTotal in /proc/meminfo under the host root",
            "hardware: 1 malformed line(s) in /proc/1/mountinfo, first: not a mount line",
            "hardware: only the first 256 of 301 file systems kept",
            "hardware: unreadable address in /proc/1/net/if_inet6: "
                + "nothex0000000000000000000000000 02 40 00 00 eth0");
  }

  private static List<String> errors(JsonNode node) {
    List<String> errors = new ArrayList<>();
    node.at("/reunir/probe/errors")
        .forEach(e -> errors.add(e.get("probe").asText() + ": " + e.get("error").asText()));
    return errors;
  }

  @Test
  void thisMachineMatchesItsOwnTools() throws Exception {
    JsonNode node = FreshJvm.collect(Path.of("/"), "hardware").get("node");

    String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
    long processors = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
    assertThat(node.at("/reunir/cpu/logical").asLong())
        .isEqualTo(processors)
        .isEqualTo(Long.parseLong(run("nproc", "--all")));
    String model =
        cpuinfo
            .lines()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .orElseThrow();
    assertThat(node.at("/reunir/cpu/model").asText()).isEqualTo(model);
    List<String> places =
        run("lscpu", "-p=SOCKET,CORE").lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(node.at("/reunir/cpu/sockets").asLong())
        .isEqualTo(places.stream().map(l -> l.split(",")[0]).distinct().count());
    assertThat(node.at("/reunir/cpu/cores").asLong())
        .isEqualTo(places.stream().distinct().count());

    long memTotalKb =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .findFirst()
            .orElseThrow();
    assertThat(node.at("/reunir/memory/total").asLong()).isEqualTo(memTotalKb * 1024);

    JsonNode root = null;
    for (JsonNode fs : node.at("/reunir/filesystems")) {
      if (fs.get("mount").asText().equals("/")) {
        root = fs;
      }
    }
    assertThat(root).as("the root file system is listed").isNotNull();
    String[] df =
        run("df", "-B1", "--output=fstype,size", "/")
            .lines()
            .skip(1)
            .findFirst()
            .orElseThrow()
            .strip()
            .split("\\s+");
    assertThat(root.get("type").asText()).isEqualTo(df[0]);
    assertThat(root.get("size").asLong()).isEqualTo(Long.parseLong(df[1]));

    // This test runs in PID 1's network namespace, so `ip` sees what the probe read from files.
    assertThat(node.at("/reunir/interfaces")).isNotEmpty();
    for (JsonNode nic : node.at("/reunir/interfaces")) {
      String name = nic.get("name").asText();
      List<String> expectedIps =
          run("ip", "-o", "addr", "show", "dev", name)
              .lines()
              .map(l -> l.strip().split("\\s+")[3].replaceAll("/.*", ""))
              .sorted()
              .toList();
      List<String> ips = new ArrayList<>();
      nic.path("ip").forEach(ip -> ips.add(ip.asText()));
      assertThat(ips).as(name).containsExactlyInAnyOrderElementsOf(expectedIps);
      assertThat(nic.get("mac").asText())
          .isEqualTo(Files.readString(Path.of("/sys/class/net", name, "address")).strip());
    }
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return out.strip();
  }
}
