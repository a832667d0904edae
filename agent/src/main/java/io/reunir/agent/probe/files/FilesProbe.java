package io.reunir.agent.probe.files;

import io.reunir.agent.model.FileRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Size, modification time and SHA-256 of the host files a policy names (opt-in: {@code files} in
 * the agent config, {@code --files} for {@code collect}). Paths are host paths, read through the
 * host root with symbolic links resolved inside it; the content is hashed as it streams, so a large
 * file costs no memory. A path that is missing, not a regular file or unreadable still gets a
 * record, with {@code error} saying why, so the inventory shows that the file was looked for.
 *
 * <p>Fields on the node document: {@code reunir.files[]} with {@code path}, {@code size} (bytes),
 * {@code mtime}, {@code sha256} (lowercase hex) and {@code error}. Sample:
 *
 * <pre>
 * "reunir": {"files": [
 *   {"path": "/etc/ssh/sshd_config", "size": 3223, "mtime": "2024-05-01T10:00:00Z",
 *    "sha256": "7f9c…"},
 *   {"path": "/etc/missing.conf", "error": "no such file"}]}
 * </pre>
 */
public final class FilesProbe implements Probe {
  public static final String NAME = "files";
  private static final int BUFFER = 64 * 1024;

  private final List<String> paths;

  public FilesProbe(List<String> paths) {
    this.paths = List.copyOf(paths);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void collect(HostRoot host, Snapshot.Builder snapshot) {
    List<FileRecord> records = new ArrayList<>();
    for (String path : paths) {
      records.add(read(host, path));
    }
    snapshot.addFiles(records);
  }

  static FileRecord read(HostRoot host, String hostPath) {
    String shown = Bounded.text(hostPath);
    if (!hostPath.startsWith("/")) {
      return failed(shown, "not an absolute host path");
    }
    try {
      Path file = host.resolve(hostPath);
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        return failed(
            shown, attributes.isDirectory() ? "a directory, not a file" : "not a regular file");
      }
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (InputStream in = host.open(file)) {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          sha256.update(buffer, 0, n);
          size += n;
        }
      }
      // Size is what was hashed, so the two always describe the same bytes even if the file grew.
      return new FileRecord(
          shown,
          size,
          attributes.lastModifiedTime().toInstant(),
          HexFormat.of().formatHex(sha256.digest()),
          null);
    } catch (NoSuchFileException e) {
      return failed(shown, "no such file");
    } catch (AccessDeniedException e) {
      return failed(shown, "permission denied");
    } catch (IOException e) {
      return failed(shown, Bounded.text(e.getClass().getSimpleName() + ": " + e.getMessage()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static FileRecord failed(String path, String error) {
    return new FileRecord(path, null, null, null, error);
  }
}
