package io.reunir.agent.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The probe's dpkg packages, states and versions against the real dpkg-query on the same files. */
class DpkgQueryOracleIT {
  private static final Path HOSTS = Path.of("src/test/resources/hosts");
  /** The second letter of {@code ${db:Status-Abbrev}}: dpkg's state; n and c have no files on disk. */
  private static final Map<Character, String> STATES = Map.of('i', "installed", 't', "triggers-pending",
      'W', "triggers-awaited", 'F', "half-configured", 'U', "unpacked", 'H', "half-installed");

  private record Query(int exitCode, List<String> lines) {}

  private static Query dpkgQuery(Path adminDir, String format) throws IOException, InterruptedException {
    Process query = new ProcessBuilder("dpkg-query", "--admindir=" + adminDir, "-W", "-f", format)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Query(query.waitFor(), out.lines().toList());
  }

  /** {@code name state version} for each package dpkg-query lists whose files are on disk. */
  private static List<String> onDisk(Path adminDir) throws IOException, InterruptedException {
    Query query = dpkgQuery(adminDir, "${Package} ${db:Status-Abbrev} ${Version}\n");
    assertThat(query.exitCode()).as("dpkg-query exit code").isZero();
    List<String> rows = new ArrayList<>();
    for (String line : query.lines()) {
      int space = line.indexOf(' ');
      String state = STATES.get(line.charAt(space + 2));
      if (state != null) {
        rows.add(line.substring(0, space) + " " + state + " " + line.substring(space + 5));
      }
    }
    return rows.stream().sorted().toList();
  }

  private static List<String> ours(Path root) {
    var snapshot = Snapshot.builder("scan-1", Instant.EPOCH);
    new PackagesProbe().collect(new HostRoot(root), snapshot);
    Snapshot built = snapshot.build();
    assertThat(built.errors()).isEmpty();
    return built.packages().stream().map(p -> p.name() + " " + p.state() + " " + p.version()).sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"debian12", "ubuntu2204", "debian12-upgrading"})
  void statesAndVersionsAreDpkgQuerys(String host) throws Exception {
    List<String> expected = onDisk(HOSTS.resolve(host).resolve("var/lib/dpkg"));
    assertThat(expected).isNotEmpty();
    assertThat(ours(HOSTS.resolve(host))).containsExactlyElementsOf(expected);
  }

  /** dpkg-query does not read status.d: its files, each given the Status an installed package has. */
  @Test
  void aDistrolessStatusDirectoryGivesWhatDpkgQueryGivesForTheSameStanzas(@TempDir Path admin)
      throws Exception {
    Path statusD = HOSTS.resolve("distroless-debian12/var/lib/dpkg/status.d");
    var status = new StringBuilder();
    try (Stream<Path> files = Files.list(statusD)) {
      for (Path file : files.filter(f -> !f.toString().endsWith(".md5sums")).sorted().toList()) {
        String stanza = Files.readString(file);
        int firstLineEnd = stanza.indexOf('\n') + 1;
        status.append(stanza, 0, firstLineEnd).append("Status: install ok installed\n")
            .append(stanza.substring(firstLineEnd)).append('\n');
      }
    }
    Files.writeString(admin.resolve("status"), status);

    List<String> expected = onDisk(admin);
    assertThat(expected).hasSize(7);
    assertThat(ours(HOSTS.resolve("distroless-debian12"))).containsExactlyElementsOf(expected);
  }

  /** Versions dpkg reads (some only with a warning) are printed as dpkg-query prints them. */
  @Test
  void versionsArePrintedAsDpkgQueryPrintsThem(@TempDir Path admin) throws Exception {
    List<String> versions = List.of("0:2009.10.04-2+b1", "00:1.0-1", "01:1.0-1", "1:2.30~rc1-1", "0:1:2-3",
        "+1:1.0", "-0:1.0", "1.0-1-2", "2:8.2.3995-1ubuntu2.15", "abc-1", "1.0-a_b", "10:1", "3.0.2-0ubuntu1.15+b1");
    var status = new StringBuilder();
    for (int i = 0; i < versions.size(); i++) {
      status.append("Package: p").append(i).append("\nStatus: install ok installed\nVersion: ")
          .append(versions.get(i)).append("\nArchitecture: all\nMaintainer: m <m@example.org>\n")
          .append("Description: d\n\n");
    }
    Files.writeString(admin.resolve("status"), status);

    Query query = dpkgQuery(admin, "${Package} ${Version}\n");

    assertThat(query.exitCode()).isZero();
    assertThat(query.lines()).hasSize(versions.size());
    for (String line : query.lines()) {
      String[] parts = line.split(" ", 2);
      String written = versions.get(Integer.parseInt(parts[0].substring(1)));
      assertThat(DpkgVersion.printed(written)).as(written).isEqualTo(parts[1]);
    }
  }

  /** Versions dpkg refuses to read at all (it stops on the whole file) are refused here too. */
  @ParameterizedTest
  @ValueSource(strings = {"1.0-", "1:1.0-1-", "0:", "1:", ":1.0", "a:1.0", "-1:1.0", "99999999999:1.0",
      "1.0:1-2", "1:-1", "-1", "1.0 2"})
  void versionsDpkgRefusesAreRefused(String version, @TempDir Path admin) throws Exception {
    Files.writeString(admin.resolve("status"), "Package: p\nStatus: install ok installed\nVersion: "
        + version + "\nArchitecture: all\nMaintainer: m <m@example.org>\nDescription: d\n");

    assertThat(dpkgQuery(admin, "${Version}\n").exitCode()).as("dpkg-query on " + version).isNotZero();
    assertThatThrownBy(() -> DpkgVersion.printed(version)).isInstanceOf(DpkgVersion.Invalid.class);
  }
}
