package io.reunir.agent.probe.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.HostTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgFileOwnersTest {
  @TempDir Path dir;

  private void list(String pkg, String... paths) throws Exception {
    Path info = dir.resolve("var/lib/dpkg/info");
    Files.createDirectories(info);
    Files.writeString(info.resolve(pkg + ".list"), "/.\n" + String.join("\n", paths) + "\n");
  }

  @Test
  void findsOwnersAcrossTheUsrMergeBothWays() throws Exception {
    list("bash", "/bin/bash");
    list("openssh-server", "/usr/sbin/sshd");
    list("libc6:amd64", "/lib/x86_64-linux-gnu/libc.so.6");
    var owners = new DpkgFileOwners(new HostRoot(dir));

    assertThat(owners.owner("/usr/bin/bash")).contains("bash");
    assertThat(owners.owner("/bin/bash")).contains("bash");
    assertThat(owners.owner("/sbin/sshd")).contains("openssh-server");
    assertThat(owners.owner("/usr/lib/x86_64-linux-gnu/libc.so.6")).as("arch dropped").contains("libc6");
    assertThat(owners.owner("/usr/bin/zsh")).isEmpty();
    assertThat(owners.owner("/usr/bin")).as("directories are not owners").isEmpty();
  }

  @Test
  void followsSymlinkedDirectoriesOnTheHost() throws Exception {
    list("app", "/opt/app/bin/server");
    Files.createDirectories(dir.resolve("opt/app-1.2/bin"));
    HostTrees.link(dir, "opt/app", "/opt/app-1.2");
    var owners = new DpkgFileOwners(new HostRoot(dir));

    assertThat(owners.owner("/opt/app-1.2/bin/server")).contains("app");
  }

  @Test
  void readsTheListsOnceAndToleratesGarbage() throws Exception {
    list("good", "/usr/bin/good");
    Files.write(dir.resolve("var/lib/dpkg/info/bad.list"),
        new byte[] {'/', 'u', 's', 'r', '/', (byte) 0xff, '\n', 0, 0, '\n', '/', 'o', 'k', '\n'});
    var owners = new DpkgFileOwners(new HostRoot(dir));

    assertThat(owners.owner("/ok")).as("a non-UTF-8 line spoils only itself").contains("bad");
    int before = owners.size();
    list("late", "/usr/bin/late");
    assertThat(owners.owner("/usr/bin/late")).as("memoized: read once per collection").isEmpty();
    assertThat(owners.size()).isEqualTo(before);
  }

  @Test
  void hostWithoutDpkgOwnsNothing() {
    assertThat(new DpkgFileOwners(new HostRoot(dir)).owner("/usr/bin/bash")).isEmpty();
  }

  /**
   * Real data: every program in this machine's /usr/bin and /usr/sbin gets the owner {@code dpkg -S}
   * gives for it or for its pre-merge path ({@code /bin/x}), or none when dpkg knows neither.
   */
  @Test
  void agreesWithDpkgSearchOnThisMachine() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/var/lib/dpkg/info")), "no dpkg database on this machine");
    List<String> programs = new ArrayList<>();
    for (String bin : List.of("/usr/bin", "/usr/sbin")) {
      try (Stream<Path> files = Files.list(Path.of(bin))) {
        files.filter(Files::isRegularFile).map(Path::toString).sorted().forEach(programs::add);
      }
    }
    Map<String, List<String>> dpkg = dpkgSearch(programs);
    var owners = new DpkgFileOwners(new HostRoot(Path.of("/")));
    int owned = 0;
    for (String program : programs) {
      List<String> expected = new ArrayList<>(dpkg.getOrDefault(program, List.of()));
      FileIndex.mergedUsrTwin(program).map(t -> dpkg.getOrDefault(t, List.of()))
          .ifPresent(expected::addAll);
      Optional<String> owner = owners.owner(program);
      if (expected.isEmpty()) {
        assertThat(owner).as(program).isEmpty();
      } else {
        assertThat(owner).as(program).isPresent();
        assertThat(expected).as(program).contains(owner.get());
        owned++;
      }
    }
    assertThat(owned).as("programs with an owner").isGreaterThan(50);
  }

  /** {@code dpkg -S} for the paths and their merged-/usr twins, as path to packages. */
  private static Map<String, List<String>> dpkgSearch(List<String> programs) throws Exception {
    List<String> command = new ArrayList<>(List.of("dpkg", "-S"));
    for (String program : programs) {
      command.add(program);
      FileIndex.mergedUsrTwin(program).ifPresent(command::add);
    }
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Map<String, List<String>> result = new HashMap<>();
    for (String line : out.split("\n")) {
      int sep = line.indexOf(": /");
      if (sep < 0 || line.startsWith("diversion by")) {
        continue;
      }
      List<String> pkgs = new ArrayList<>();
      for (String pkg : line.substring(0, sep).split(",\\s*")) {
        pkgs.add(pkg.contains(":") ? pkg.substring(0, pkg.indexOf(':')) : pkg);
      }
      result.put(line.substring(sep + 2), pkgs);
    }
    return result;
  }
}
