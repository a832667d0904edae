package io.reunir.agent.probe.host.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.probe.HostRoot;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged databases and blobs: each a clear error naming the problem, no hang, nothing written. */
class RpmHostileInputTest {

  @Test
  void truncatedSqliteFileIsAClearError(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectories(root.resolve("var/lib/rpm"));
    byte[] db = Files.readAllBytes(RpmFixtures.mariner());
    Files.write(dir.resolve("rpmdb.sqlite"), Arrays.copyOf(db, db.length / 3));
    List<String> before = RpmDatabaseTest.listing(dir);

    assertThatThrownBy(() -> RpmDatabase.readInstalled(new HostRoot(root)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("rpmdb.sqlite");
    assertThat(RpmDatabaseTest.listing(dir)).isEqualTo(before);
  }

  @Test
  void randomBytesAsSqliteAreAClearError(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectories(root.resolve("var/lib/rpm"));
    Files.write(dir.resolve("rpmdb.sqlite"), randomBytes(100_000, 1));
    assertThatThrownBy(() -> RpmDatabase.readInstalled(new HostRoot(root)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("cannot read rpm sqlite database");
  }

  @Test
  void randomBytesAsPackagesAreAClearError(@TempDir Path root) throws Exception {
    Path dir = Files.createDirectories(root.resolve("var/lib/rpm"));
    Files.write(dir.resolve("Packages"), randomBytes(64 * 1024, 2));
    assertThatThrownBy(() -> RpmDatabase.readInstalled(new HostRoot(root)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("Packages")
        .hasMessageContaining("not a Berkeley DB hash file");
  }

  @Test
  void truncatedPackagesFileIsAClearError(@TempDir Path tmp) throws Exception {
    byte[] db = Files.readAllBytes(RpmFixtures.rhel8());
    Path cut = tmp.resolve("Packages");
    Files.write(cut, Arrays.copyOf(db, 10 * 4096));
    RpmBlobs read = RpmBerkeleyDatabase.readBlobs(cut);
    assertThat(read.blobs()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .contains("package 1 claims a 80880-byte header");
  }

  @Test
  void overflowChainLoopEnds(@TempDir Path tmp) throws Exception {
    byte[] db = Files.readAllBytes(RpmFixtures.rhel8());
    var pages = ByteBuffer.wrap(db).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    // Overflow pages 3 and 4 point at each other and each claim one byte: a cycle that makes
    // progress too slowly to ever fill the 80880-byte header.
    for (int page : new int[] {3, 4}) {
      pages.putInt(page * 4096 + 16, page == 3 ? 4 : 3);
      pages.putShort(page * 4096 + 22, (short) 1);
    }
    Path looped = tmp.resolve("Packages");
    Files.write(looped, db);
    RpmBlobs read = RpmBerkeleyDatabase.readBlobs(looped);
    assertThat(read.blobs()).isEmpty();
    assertThat(read.problems())
        .singleElement()
        .asString()
        .contains("package 1: overflow chain broken");
  }

  @Test
  void everyDamagedPageIsAnErrorOrAResultNeverACrash(@TempDir Path tmp) throws Exception {
    damagePages(RpmFixtures.rhel8(), tmp.resolve("Packages"), 300, 4096);
    damagePages(
        RpmFixtures.resource("rpmdb/mariner-bdb/Packages"), tmp.resolve("Packages"), 60, 65536);
  }

  /** Scribbles over page headers and item indexes; every outcome must be a result or an error. */
  private static void damagePages(Path source, Path file, int rounds, int pageSize)
      throws Exception {
    byte[] good = Files.readAllBytes(source);
    Random random = new Random(3);
    for (int round = 0; round < rounds; round++) {
      byte[] bad = good.clone();
      for (int k = 0; k < 8; k++) {
        int page = random.nextInt(good.length / pageSize);
        bad[page * pageSize + random.nextInt(64)] = (byte) random.nextInt(256);
      }
      Files.write(file, bad);
      try {
        var installed = RpmDatabase.fromBlobs(RpmBerkeleyDatabase.readBlobs(file));
        assertThat(installed.problems()).allSatisfy(p -> assertThat(p).contains("Packages"));
      } catch (RpmFormatException expected) {
        assertThat(expected.getMessage()).contains("Packages");
      }
    }
  }

  @Test
  void blobClaimingMoreEntriesThanBytesIsNamed() throws Exception {
    List<RpmBlob> blobs = new ArrayList<>(RpmSqliteDatabase.readBlobs(RpmFixtures.mariner()).blobs());
    byte[] blob = blobs.get(0).bytes().clone();
    ByteBuffer.wrap(blob).putInt(0, 50_000);
    blobs.set(0, new RpmBlob("rpmdb.sqlite hnum 1", blob));

    var installed = RpmDatabase.fromBlobs(new RpmBlobs(blobs, List.of()));

    assertThat(installed.problems())
        .singleElement()
        .asString()
        .startsWith("rpmdb.sqlite hnum 1: ")
        .contains("50000 entries");
    assertThat(installed.packages()).as("the other packages still count").hasSize(128);
  }

  @Test
  void hostileHeaderFieldsAreErrorsNotExceptions() throws Exception {
    byte[] good = RpmSqliteDatabase.readBlobs(RpmFixtures.mariner()).blobs().get(5).bytes();
    int entries = ByteBuffer.wrap(good).getInt(0);
    Random random = new Random(4);
    for (int round = 0; round < 2000; round++) {
      byte[] bad = good.clone();
      int at = 8 + random.nextInt(entries * 16);
      bad[at] = (byte) random.nextInt(256);
      if (round % 3 == 0) {
        bad = Arrays.copyOf(bad, random.nextInt(bad.length));
      }
      String where = "blob " + round;
      var installed =
          RpmDatabase.fromBlobs(new RpmBlobs(List.of(new RpmBlob(where, bad)), List.of()));
      assertThat(installed.packages().size() + installed.problems().size()).isPositive();
      assertThat(installed.problems()).allSatisfy(p -> assertThat(p).startsWith(where + ": "));
    }
    assertThatThrownBy(() -> RpmHeader.parse(new byte[] {0, 0, 0, 1}))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("shorter than 8");
  }

  @Test
  void walModeDatabaseInReadOnlyDirectoryIsReadWithoutWritingThere(@TempDir Path tmp)
      throws Exception {
    Path live = Files.createDirectories(tmp.resolve("live"));
    Files.copy(RpmFixtures.mariner(), live.resolve("rpmdb.sqlite"));
    Path host = tmp.resolve("host");
    Path dir = Files.createDirectories(host.resolve("var/lib/rpm"));
    // A writer in WAL mode commits a change and is still open (rpm mid-transaction, or killed):
    // the change lives only in the -wal file when we copy the directory, as a crash would leave it.
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + live.resolve("rpmdb.sqlite"));
        var st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA wal_autocheckpoint=0");
      st.execute("DELETE FROM Packages WHERE hnum = (SELECT min(hnum) FROM Packages)");
      for (String name : List.of("rpmdb.sqlite", "rpmdb.sqlite-wal", "rpmdb.sqlite-shm")) {
        Files.copy(live.resolve(name), dir.resolve(name));
      }
    }
    assertThat(Files.size(dir.resolve("rpmdb.sqlite-wal"))).isPositive();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      List<String> before = RpmDatabaseTest.listing(dir);
      long walSize = Files.size(dir.resolve("rpmdb.sqlite-wal"));

      var packages = RpmDatabase.readInstalled(new HostRoot(host)).orElseThrow();

      assertThat(packages).as("the deletion committed only to the WAL is seen").hasSize(128);
      assertThat(RpmDatabaseTest.listing(dir)).isEqualTo(before);
      assertThat(Files.size(dir.resolve("rpmdb.sqlite-wal"))).isEqualTo(walSize);
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void walModeDatabaseWithoutLogIsReadInPlaceWithoutSideFiles(@TempDir Path host) throws Exception {
    Path dir = Files.createDirectories(host.resolve("usr/lib/sysimage/rpm"));
    Path db = dir.resolve("rpmdb.sqlite");
    Files.copy(RpmFixtures.mariner(), db);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL"); // stays in the file header after close
    }
    assertThat(RpmDatabaseTest.listing(dir)).containsExactly("rpmdb.sqlite");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThat(RpmDatabase.readInstalled(new HostRoot(host)).orElseThrow()).hasSize(129);
      assertThat(RpmDatabaseTest.listing(dir)).containsExactly("rpmdb.sqlite");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void lockedDatabaseDoesNotMakeUsWait(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("var/lib/rpm"));
    Path db = dir.resolve("rpmdb.sqlite");
    Files.copy(RpmFixtures.mariner(), db);
    // rpm holds an exclusive lock while it writes; immutable mode takes no lock, so no waiting.
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = c.createStatement()) {
      st.execute("PRAGMA locking_mode=EXCLUSIVE");
      st.execute("BEGIN EXCLUSIVE");
      st.execute("DELETE FROM Packages WHERE hnum = (SELECT min(hnum) FROM Packages)");
      assertThat(RpmDatabase.readInstalled(new HostRoot(tmp)).orElseThrow()).hasSize(129);
      st.execute("ROLLBACK");
    }
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
