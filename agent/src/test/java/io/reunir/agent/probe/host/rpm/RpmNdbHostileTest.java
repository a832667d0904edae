package io.reunir.agent.probe.host.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of the real SLE 15 NDB database: a broken file header or slot table is an
 * exception naming it, a broken slot or blob costs that package and is a problem naming it.
 */
class RpmNdbHostileTest {
  /** The first slot of the real file (slot 2, byte 32): package 1, its blob at block 256. */
  private static final int FIRST_SLOT = 32;

  private static final int PACKAGES = 35;

  @TempDir Path tmp;
  private byte[] good;
  private Path file;

  @BeforeEach
  void copyTheRealDatabase() throws Exception {
    good = Files.readAllBytes(RpmFixtures.sle15());
    file = tmp.resolve("Packages.db");
  }

  private RpmBlobs read(byte[] bytes) throws Exception {
    Files.write(file, bytes);
    return RpmNdbDatabase.readBlobs(file);
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Byte offset of the first slot's blob. */
  private int firstBlob() {
    return le(good).getInt(FIRST_SLOT + 8) * 16;
  }

  @Test
  void theUndamagedCopyIsReadWhole() throws Exception {
    RpmBlobs read = read(good);
    assertThat(read.problems()).isEmpty();
    assertThat(read.blobs()).hasSize(PACKAGES);
    assertThat(le(good).getInt(FIRST_SLOT + 4)).as("the slot this test damages").isEqualTo(1);
  }

  @Test
  void badMagicIsAnError() throws Exception {
    byte[] bad = good.clone();
    bad[0] = 'X';
    assertThatThrownBy(() -> read(bad))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("not an NDB package database (bad magic)");
  }

  @Test
  void otherVersionIsAnError() throws Exception {
    byte[] bad = good.clone();
    le(bad).putInt(4, 7);
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("unsupported NDB version 7");
  }

  @Test
  void fileCutInsideItsHeaderIsAnError() throws Exception {
    assertThatThrownBy(() -> read(Arrays.copyOf(good, 10)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("file header is cut short");
  }

  @Test
  void fileCutInsideTheSlotPagesIsAnError() throws Exception {
    assertThatThrownBy(() -> read(Arrays.copyOf(good, 2000)))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("1 slot pages but the file has 2000 bytes");
  }

  @Test
  void slotPageCountBeyondTheFileIsAnErrorNotAnAllocation() throws Exception {
    byte[] bad = good.clone();
    le(bad).putInt(12, -1);
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("4294967295 slot pages");
  }

  @Test
  void damagedSlotTableIsAnError() throws Exception {
    byte[] bad = good.clone();
    bad[FIRST_SLOT + 16] = 'X';
    assertThatThrownBy(() -> read(bad))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("slot 3 has no slot magic");
  }

  @Test
  void fileCutAmongTheBlobsKeepsThePackagesBeforeTheCut() throws Exception {
    RpmBlobs read = read(Arrays.copyOf(good, good.length / 2));
    assertThat(read.blobs()).isNotEmpty();
    assertThat(read.problems())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("past the end"));
    assertThat(read.blobs().size() + read.problems().size()).isEqualTo(PACKAGES);
  }

  @Test
  void blobPointingPastTheEndCostsOnlyThatPackage() throws Exception {
    byte[] bad = good.clone();
    le(bad).putInt(FIRST_SLOT + 12, 0x7fffffff);
    RpmBlobs read = read(bad);
    assertThat(read.problems()).singleElement().asString()
        .startsWith("package 1 (slot 2) points at bytes")
        .contains("past the end of the " + good.length + "-byte file");
    assertThat(read.blobs()).hasSize(PACKAGES - 1);
  }

  @Test
  void badChecksumCostsOnlyThatPackage() throws Exception {
    byte[] bad = good.clone();
    bad[firstBlob() + 100] ^= 0x20;
    RpmBlobs read = read(bad);
    assertThat(read.problems()).singleElement().asString()
        .startsWith("package 1 (slot 2): blob checksum mismatch");
    assertThat(read.blobs()).hasSize(PACKAGES - 1);
  }

  @Test
  void blobLengthThatDisagreesWithItsSlotIsNamed() throws Exception {
    byte[] bad = good.clone();
    le(bad).putInt(firstBlob() + 12, 1 << 30);
    assertThat(read(bad).problems()).singleElement().asString()
        .contains("blob length 1073741824 does not fill the slot's");
  }

  @Test
  void damagedBlobTailIsNamed() throws Exception {
    byte[] bad = good.clone();
    int end = firstBlob() + le(good).getInt(FIRST_SLOT + 12) * 16;
    bad[end - 1] = 'X';
    assertThat(read(bad).problems()).singleElement().asString().contains("blob tail is damaged");
  }

  @Test
  void slotsSharingOneBlobAreNotReadTwice() throws Exception {
    byte[] bad = good.clone();
    // The second slot points at the first slot's blob: a file could otherwise make every slot
    // read its largest blob.
    le(bad).putInt(FIRST_SLOT + 16 + 8, le(good).getInt(FIRST_SLOT + 8));
    le(bad).putInt(FIRST_SLOT + 16 + 12, le(good).getInt(FIRST_SLOT + 12));
    RpmBlobs read = read(bad);
    assertThat(read.problems())
        .anySatisfy(p -> assertThat(p).contains("overlaps the blob before it"));
    assertThat(read.blobs()).hasSizeLessThanOrEqualTo(PACKAGES - 1);
  }

  @Test
  void randomDamageIsAResultOrAnErrorNeverACrash() throws Exception {
    Random random = new Random(14);
    int slotArea = 4096;
    for (int round = 0; round < 400; round++) {
      byte[] bad = good.clone();
      for (int k = 0; k < 6; k++) {
        // Mostly the slot table and blob heads, where the offsets and lengths are.
        int at = round % 2 == 0 ? random.nextInt(slotArea) : random.nextInt(bad.length);
        bad[at] = (byte) random.nextInt(256);
      }
      if (round % 5 == 0) {
        bad = Arrays.copyOf(bad, random.nextInt(bad.length));
      }
      try {
        var installed = RpmDatabase.fromBlobs(read(bad));
        assertThat(installed.packages().size() + installed.problems().size()).isPositive();
      } catch (RpmFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
