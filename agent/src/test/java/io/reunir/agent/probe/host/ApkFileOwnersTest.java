package io.reunir.agent.probe.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.testing.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApkFileOwnersTest {
  @TempDir Path dir;

  private static Path realDatabase() {
    return SharedFixtures.dir("hosts/alpine-3.14").resolve("lib/apk/db/installed");
  }

  @Test
  void theRealAlpineDatabaseNamesTheOwnerOfEachFile() {
    var owners = new ApkFileOwners(new HostRoot(SharedFixtures.dir("hosts/alpine-3.14")));

    assertThat(owners.owner("/bin/busybox")).contains("busybox");
    assertThat(owners.owner("/sbin/apk")).contains("apk-tools");
    assertThat(owners.owner("/lib/ld-musl-armhf.so.1")).contains("musl");
    assertThat(owners.owner("/usr/lib/ld-musl-armhf.so.1")).as("merged-/usr twin").contains("musl");
    assertThat(owners.owner("/usr/bin/ldd")).contains("musl-utils");
    assertThat(owners.owner("/etc/apk/keys/alpine-devel@lists.alpinelinux.org-524d27bb.rsa.pub"))
        .contains("alpine-keys");
    assertThat(owners.owner("/usr/bin")).as("directories are not owners").isEmpty();
    assertThat(owners.owner("/usr/bin/zsh")).isEmpty();
    // awk over the file: 292 R: lines under their F: directories, all distinct paths.
    assertThat(owners.size()).isEqualTo(292);
  }

  @Test
  void aUsrMergedHostIsReadAtUsrLib() throws Exception {
    Path db = Files.createDirectories(dir.resolve("usr/lib/apk/db")).resolve("installed");
    Files.copy(realDatabase(), db);

    assertThat(new ApkFileOwners(new HostRoot(dir)).owner("/usr/bin/ldd")).contains("musl-utils");
  }

  @Test
  void aHostWithoutApkOwnsNothing() {
    var owners = new ApkFileOwners(new HostRoot(dir));
    assertThat(owners.owner("/bin/busybox")).isEmpty();
    assertThat(owners.size()).isZero();
  }

  @Test
  void hostileLinesCostTheirOwnFilesOnly() throws Exception {
    var out = new ByteArrayOutputStream();
    out.writeBytes("""
        R:orphan-before-any-package

        P:good
        F:usr/bin
        R:good
        R:
        R:""".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes("\nR:bad\0name\nR:bad".getBytes(StandardCharsets.US_ASCII));
    out.write(0xff);
    out.writeBytes("""

        R:also-good

        F:usr/sbin
        R:nameless
        """.getBytes(StandardCharsets.US_ASCII));
    Path db = Files.createDirectories(dir.resolve("lib/apk/db")).resolve("installed");
    Files.write(db, out.toByteArray());

    var owners = new ApkFileOwners(new HostRoot(dir));

    assertThat(owners.owner("/usr/bin/good")).contains("good");
    assertThat(owners.owner("/usr/bin/also-good")).contains("good");
    assertThat(owners.owner("/orphan-before-any-package")).isEmpty();
    assertThat(owners.owner("/usr/sbin/nameless")).as("a block without P: owns nothing").isEmpty();
    assertThat(owners.size()).isEqualTo(2);
  }
}
