package io.reunir.agent.probe.host.rpm;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.PackageBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads the header blobs of an {@code rpmdb.sqlite} (table {@code Packages(hnum, blob)}) without
 * ever writing beside the host's file.
 *
 * <p>SQLite normally creates {@code -shm} (and in WAL mode {@code -wal}) files next to a database
 * even for readers, takes locks, and waits on writers. Two cases:
 *
 * <ul>
 *   <li>No {@code -wal} file (the normal state: rpm checkpoints and removes it on close): open the
 *       host file as {@code file:...?mode=ro&immutable=1}. Immutable means no locks, no change
 *       detection and no side files, so a host rpm holding a lock cannot make us wait and a
 *       read-only mount cannot make us fail.
 *   <li>A non-empty {@code -wal} exists (rpm is running, or crashed): committed transactions may
 *       live only in it, and immutable mode would ignore them. We copy the database and its WAL
 *       into a private temporary directory and read the copy, so SQLite's {@code -shm} lands there;
 *       the copy is deleted afterwards. The copy is bounded by {@link #MAX_COPY_BYTES}.
 * </ul>
 *
 * A damaged database is an {@link RpmFormatException} naming the file.
 */
public final class RpmSqliteDatabase {
  static final long MAX_COPY_BYTES = 1L << 30;

  /** A header larger than this is damage: real ones are tens to hundreds of kilobytes. */
  static final int MAX_BLOB_BYTES = 64 << 20;

  private static final int QUERY_TIMEOUT_SECONDS = 60;
  private static final int BUSY_TIMEOUT_MS = 2000;

  private RpmSqliteDatabase() {}

  public static RpmBlobs readBlobs(Path db) throws IOException {
    return readBlobs(db, null);
  }

  /** Stops with {@link PackageBudget.Exceeded} when the headers held would not fit the budget. */
  public static RpmBlobs readBlobs(Path db, PackageBudget budget) throws IOException {
    // SQLite opens the path itself: a FIFO there would block it as it blocks any reader.
    HostRoot.checkRegular(db, db.toString());
    Path wal = db.resolveSibling(db.getFileName() + "-wal");
    if (Files.isRegularFile(wal, LinkOption.NOFOLLOW_LINKS) && Files.size(wal) > 0) {
      try {
        return readFromPrivateCopy(db, wal, budget);
      } catch (NoSuchFileException checkpointedMeanwhile) {
        // rpm finished and folded the log into the database between our look and our copy.
      }
    }
    return query(db, "file:" + db.toUri().getRawPath() + "?mode=ro&immutable=1", budget);
  }

  private static RpmBlobs readFromPrivateCopy(Path db, Path wal, PackageBudget budget)
      throws IOException {
    long total = Files.size(db) + Files.size(wal);
    if (total > MAX_COPY_BYTES) {
      throw new RpmFormatException(
          db + " has a write-ahead log and together they exceed " + MAX_COPY_BYTES + " bytes");
    }
    Path dir = Files.createTempDirectory("reunir-rpmdb");
    try {
      Path copy = dir.resolve("rpmdb.sqlite");
      Files.copy(db, copy);
      Files.copy(wal, dir.resolve("rpmdb.sqlite-wal"));
      return query(db, "file:" + copy.toUri().getRawPath() + "?mode=ro", budget);
    } finally {
      deleteTree(dir);
    }
  }

  private static RpmBlobs query(Path hostFile, String uri, PackageBudget budget)
      throws IOException {
    Properties props = new Properties();
    props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    props.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + uri, props);
        PreparedStatement st =
            c.prepareStatement("SELECT hnum, length(blob), blob FROM Packages ORDER BY hnum")) {
      st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      List<RpmBlob> out = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      long held = 0;
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (budget != null) {
            budget.checkPackages(out.size() + problems.size());
          }
          long hnum = rs.getLong(1);
          long length = rs.getLong(2);
          if (length > MAX_BLOB_BYTES) {
            problems.add(hostFile + " hnum " + hnum + ": skipped a " + length + "-byte header");
            continue;
          }
          if (budget != null) {
            held += length;
            budget.checkHeaderBytes(held);
          }
          byte[] blob = rs.getBytes(3);
          out.add(new RpmBlob(hostFile + " hnum " + hnum, blob == null ? new byte[0] : blob));
        }
      }
      return new RpmBlobs(out, problems);
    } catch (SQLException e) {
      throw new RpmFormatException(
          "cannot read rpm sqlite database " + hostFile + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
