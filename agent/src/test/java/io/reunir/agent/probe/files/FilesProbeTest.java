package io.reunir.agent.probe.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.Documents;
import io.reunir.agent.model.FileRecord;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.SnapshotCollector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesProbeTest {
  @TempDir Path root;
  @TempDir Path outside;

  private List<FileRecord> collect(String... paths) {
    var snapshot =
        new SnapshotCollector(Clock.systemUTC())
            .collect(new HostRoot(root), List.of(new FilesProbe(List.of(paths))), "n");
    assertThat(snapshot.errors()).isEmpty();
    return snapshot.files();
  }

  @Test
  void hashesMatchSha256sumAndAttributesAreTheFiles() throws Exception {
    Path etc = Files.createDirectories(root.resolve("etc/ssh"));
    Path file = Files.writeString(etc.resolve("sshd_config"), "PermitRootLogin no\n");
    Instant mtime = Instant.parse("2024-05-01T10:00:00Z");
    Files.setLastModifiedTime(file, FileTime.from(mtime));
    // Bigger than the read buffer, so the streaming loop runs more than once.
    Path big = root.resolve("etc/big.bin");
    byte[] bytes = new byte[300_001];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(big, bytes);

    var records = collect("/etc/ssh/sshd_config", "/etc/big.bin");

    assertThat(records.get(0))
        .isEqualTo(new FileRecord("/etc/ssh/sshd_config", 19L, mtime, sha256sum(file), null));
    assertThat(records.get(1).size()).isEqualTo(300_001L);
    assertThat(records.get(1).sha256()).isEqualTo(sha256sum(big));
  }

  @Test
  void theNodeDocumentListsEachFileWithItsFields() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Path file = Files.writeString(root.resolve("etc/motd"), "hello\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-05-01T10:00:00Z")));
    var snapshot =
        new SnapshotCollector(Clock.systemUTC())
            .collect(
                new HostRoot(root),
                List.of(new FilesProbe(List.of("/etc/motd", "/etc/missing.conf"))),
                "n");

    var node = Documents.node(snapshot, DocumentContext.local());

    // Re-read, so numbers compare by value rather than by Jackson's int/long node class.
    var mapper = new ObjectMapper();
    assertThat(mapper.readTree(node.at("/reunir/files").toString()))
        .isEqualTo(
            mapper.readTree(
                """
                [{"path": "/etc/motd", "size": 6, "mtime": "2024-05-01T10:00:00Z",
                  "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"},
                 {"path": "/etc/missing.conf", "error": "no such file"}]\
                """));
  }

  @Test
  void anAbsoluteLinkIsFollowedInsideTheRootNotToTheAgentsOwnFiles() throws Exception {
    Files.writeString(outside.resolve("secret"), "agent's file");
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve(outside.toString().substring(1)));
    Files.writeString(root.resolve(outside.toString().substring(1)).resolve("secret"), "host file");
    Files.createSymbolicLink(root.resolve("etc/link"), outside.resolve("secret"));

    var record = collect("/etc/link").get(0);

    assertThat(record.size()).isEqualTo("host file".length());
  }

  @Test
  void missingDirectoryRelativeAndUnreadablePathsGetRecordsWithReasons() throws Exception {
    Files.createDirectories(root.resolve("etc/dir"));

    var records = collect("/etc/missing.conf", "/etc/dir", "etc/relative", "/../../etc/missing2");

    assertThat(records)
        .extracting(FileRecord::path, FileRecord::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/etc/missing.conf", "no such file"),
            org.assertj.core.groups.Tuple.tuple("/etc/dir", "a directory, not a file"),
            org.assertj.core.groups.Tuple.tuple("etc/relative", "not an absolute host path"),
            org.assertj.core.groups.Tuple.tuple("/../../etc/missing2", "no such file"));
    assertThat(records).allSatisfy(r -> assertThat(r.sha256()).isNull());
  }

  private static String sha256sum(Path file) throws Exception {
    Process process = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return out.split("\\s+")[0];
  }
}
