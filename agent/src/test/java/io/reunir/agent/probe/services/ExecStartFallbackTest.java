package io.reunir.agent.probe.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.testing.HostTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running service whose {@code proc/<pid>/exe} cannot be read (in a fixture: the link is missing) takes
 * its program from the unit's {@code ExecStart=}, drop-ins included, and says so.
 */
class ExecStartFallbackTest {
  @TempDir Path dir;

  private ServiceRecord cron(Snapshot snapshot) {
    return snapshot.services().stream().filter(s -> s.name().equals("cron.service")).findFirst()
        .orElseThrow();
  }

  @Test
  void readableExeComesFromProc() throws IOException {
    HostTrees.materialize("cgroupv2", dir);

    ServiceRecord cron = cron(ServicesProbeTest.collect(dir));

    assertThat(cron.executable()).isEqualTo("/usr/sbin/cron");
    assertThat(cron.executableSource()).isEqualTo("proc");
  }

  @Test
  void unreadableExeTakesTheUnitsExecStartAndItsOwner() throws IOException {
    HostTrees.materialize("cgroupv2", dir);
    Files.delete(dir.resolve("proc/640/exe"));
    Files.createDirectories(dir.resolve("usr/sbin"));
    Files.writeString(dir.resolve("usr/sbin/cron"), "ELF");

    ServiceRecord cron = cron(ServicesProbeTest.collect(dir));

    assertThat(cron.executable()).isEqualTo("/usr/sbin/cron");
    assertThat(cron.executableSource()).isEqualTo("unit");
    assertThat(cron.packageName()).isEqualTo("cron");
    assertThat(cron.executableDeleted()).isNull();
  }

  @Test
  void dropInResetsExecStartAndABareNameIsSearchedInSystemdsPath() throws IOException {
    HostTrees.materialize("cgroupv2", dir);
    Files.delete(dir.resolve("proc/640/exe"));
    Files.createDirectories(dir.resolve("usr/local/bin"));
    Files.writeString(dir.resolve("usr/local/bin/mycron"), "ELF");
    Files.createDirectories(dir.resolve("etc/systemd/system/cron.service.d"));
    Files.writeString(dir.resolve("etc/systemd/system/cron.service.d/override.conf"),
        "[Service]\nExecStart=\nExecStart=-@mycron mycron -f\n");

    ServiceRecord cron = cron(ServicesProbeTest.collect(dir));

    assertThat(cron.executable()).isEqualTo("/usr/local/bin/mycron");
    assertThat(cron.executableSource()).isEqualTo("unit");
    assertThat(cron.packageName()).isNull();
  }

  @Test
  void programMissingFromTheHostRootGivesNoExecutable() throws IOException {
    HostTrees.materialize("cgroupv2", dir);
    Files.delete(dir.resolve("proc/640/exe"));

    ServiceRecord cron = cron(ServicesProbeTest.collect(dir));

    assertThat(cron.state()).isEqualTo("running");
    assertThat(cron.executable()).isNull();
    assertThat(cron.executableSource()).isNull();
  }

  @Test
  void prefixesAreStrippedFromTheProgramWord() {
    assertThat(ExecStart.firstWord("-/usr/bin/a b")).isEqualTo("/usr/bin/a");
    assertThat(ExecStart.firstWord("!!/usr/bin/a")).isEqualTo("/usr/bin/a");
    assertThat(ExecStart.firstWord("+@:/usr/bin/a argv0 x")).isEqualTo("/usr/bin/a");
  }
}
