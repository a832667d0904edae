package io.reunir.agent.probe.host.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.SharedFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real rpm tool as the oracle, on copies of the real databases (rpm writes beside a database it
 * opens). Debian's rpm reads sqlite and, through {@code bdb_ro}, Berkeley DB; it has no NDB
 * backend, so the NDB list is checked against its {@code expected.tsv} in {@link RpmDatabaseTest}.
 * Without rpm this fails and says how to get it, as the README promises.
 */
class RpmToolOracleTest {
  private static final String FORMAT =
      "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n";

  @ParameterizedTest
  @CsvSource({"cbl-mariner-2.0/rpmdb.sqlite, sqlite", "rhel8-bdb/Packages, bdb_ro"})
  void readerListsWhatRpmLists(String database, String backend, @TempDir Path tmp)
      throws Exception {
    Path host = RpmFixtures.install(tmp.resolve("host"), "var/lib/rpm",
        SharedFixtures.rpmdb(database));
    Path copy = RpmFixtures.install(tmp.resolve("rpm"), "db",
        SharedFixtures.rpmdb(database)).resolve("db");

    List<String> rpm = rpmQueryAll(copy, backend);
    var installed = RpmDatabase.read(new HostRoot(host)).orElseThrow();

    assertThat(installed.problems()).isEmpty();
    assertThat(rpm).isNotEmpty();
    assertThat(RpmFixtures.lines(installed.packages())).containsExactlyElementsOf(rpm);
  }

  private static List<String> rpmQueryAll(Path dbPath, String backend)
      throws IOException, InterruptedException {
    Process rpm;
    try {
      rpm = new ProcessBuilder("rpm", "--dbpath", dbPath.toString(), "--define",
          "_db_backend " + backend, "-qa", "--qf", FORMAT)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return fail("the rpm tool is needed as the oracle: apt-get install rpm (" + e + ")");
    }
    byte[] out = rpm.getInputStream().readAllBytes();
    if (!rpm.waitFor(60, TimeUnit.SECONDS) || rpm.exitValue() != 0) {
      return fail("rpm -qa failed on " + dbPath);
    }
    return new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).sorted()
        .toList();
  }
}
