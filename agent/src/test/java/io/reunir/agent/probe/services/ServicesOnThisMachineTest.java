package io.reunir.agent.probe.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Real data: the unit file states the probe reads from this machine's {@code /} against
 * {@code systemctl list-unit-files --type=service}. systemctl computes those states from the unit files
 * alone, so the comparison holds whether or not systemd runs here (on the machine this was written on it
 * does not: {@code systemctl is-system-running} says {@code offline}). Running state cannot be compared
 * that way and is covered by the fixtures.
 */
class ServicesOnThisMachineTest {
  @Test
  void unitFileStatesMatchSystemctl() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemctl"))
        || Files.isExecutable(Path.of("/bin/systemctl")),
        "systemctl is not installed on this machine");
    Map<String, String> systemctl = new TreeMap<>();
    for (String line : run("systemctl", "list-unit-files", "--type=service", "--no-legend", "--no-pager")) {
      String[] cols = line.strip().split("\\s+");
      // Aliases and templates are not listed by the probe (see UnitFiles); everything else must match.
      if (cols.length >= 2 && !cols[1].equals("alias") && !UnitFiles.isTemplate(cols[0])) {
        systemctl.put(cols[0], cols[1]);
      }
    }
    assumeTrue(!systemctl.isEmpty(), "systemctl lists no service unit files here");

    Snapshot snapshot = ServicesProbeTest.collect(Path.of("/"));
    Map<String, String> probe = new TreeMap<>();
    List<ServiceRecord> instances = new ArrayList<>();
    for (ServiceRecord service : snapshot.services()) {
      if (UnitFiles.isInstance(service.name())) {
        instances.add(service);
      } else if (service.enabled() != null) {
        probe.put(service.name(), service.enabled());
      }
    }

    assertThat(probe).isEqualTo(systemctl);
    for (ServiceRecord instance : instances) {
      assertThat(run("systemctl", "is-enabled", instance.name()))
          .as(instance.name()).containsExactly(instance.enabled());
    }
  }

  private static List<String> run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().filter(l -> !l.isBlank()).toList();
    process.waitFor();
    return lines;
  }
}
