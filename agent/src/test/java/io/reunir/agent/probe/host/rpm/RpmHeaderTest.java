package io.reunir.agent.probe.host.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every value type the reader supports, and each bound, on blobs written here byte by byte. */
class RpmHeaderTest {
  /**
   * Builds a header blob: entries of (tag, type, count, raw data), data padded as rpm aligns it.
   */
  private static final class Blob {
    private final List<int[]> entries = new ArrayList<>();
    private final ByteArrayOutputStream store = new ByteArrayOutputStream();

    Blob add(int tag, int type, int count, byte[] data, int align) {
      while (store.size() % align != 0) {
        store.write(0);
      }
      entries.add(new int[] {tag, type, store.size(), count});
      store.writeBytes(data);
      return this;
    }

    Blob string(int tag, int type, String... values) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (String v : values) {
        b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
        b.write(0);
      }
      return add(tag, type, values.length, b.toByteArray(), 1);
    }

    byte[] bytes() {
      ByteBuffer buf = ByteBuffer.allocate(8 + entries.size() * 16 + store.size());
      buf.putInt(entries.size()).putInt(store.size());
      for (int[] e : entries) {
        for (int v : e) {
          buf.putInt(v);
        }
      }
      buf.put(store.toByteArray());
      return buf.array();
    }
  }

  @Test
  void readsEveryTypeItSupports() throws Exception {
    byte[] blob =
        new Blob()
            .string(RpmHeader.NAME, 6, "bash")
            .string(1004, 9, "The GNU Bourne Again shell", "Le shell")
            .add(RpmHeader.EPOCH, 4, 1, ByteBuffer.allocate(4).putInt(7).array(), 4)
            .add(
                RpmHeader.LONGSIZE, 5, 1, ByteBuffer.allocate(8).putLong(5_000_000_000L).array(), 8)
            .add(RpmHeader.INSTALLTIME, 4, 1, ByteBuffer.allocate(4).putInt(0xF0000000).array(), 4)
            .string(RpmHeader.BASENAMES, 8, "bash", "sh")
            .bytes();
    RpmHeader h = RpmHeader.parse(blob);
    assertThat(h.string(RpmHeader.NAME)).contains("bash");
    assertThat(h.string(1004)).contains("The GNU Bourne Again shell");
    assertThat(h.firstInt(RpmHeader.EPOCH)).contains(7L);
    assertThat(h.firstInt(RpmHeader.LONGSIZE)).contains(5_000_000_000L);
    assertThat(h.firstInt(RpmHeader.INSTALLTIME)).as("uint32").contains(0xF0000000L);
    assertThat(h.strings(RpmHeader.BASENAMES)).containsExactly("bash", "sh");
    assertThat(h.string(RpmHeader.ARCH)).isEmpty();
  }

  @Test
  void stringWithoutTerminatorIsAnError() {
    byte[] blob = new Blob().add(RpmHeader.NAME, 6, 1, "bash".getBytes(), 1).bytes();
    assertThatThrownBy(() -> RpmHeader.parse(blob).string(RpmHeader.NAME))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("tag 1000")
        .hasMessageContaining("runs past the data store");
  }

  @Test
  void hugeStringArrayCountIsAnErrorNotAnAllocation() {
    byte[] blob = new Blob().string(RpmHeader.BASENAMES, 8, "a").bytes();
    ByteBuffer.wrap(blob).putInt(8 + 12, Integer.MAX_VALUE);
    assertThatThrownBy(() -> RpmHeader.parse(blob).strings(RpmHeader.BASENAMES))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("claims 2147483647 strings");
  }

  @Test
  void integersBeyondTheStoreAreAnError() {
    byte[] blob =
        new Blob()
            .add(RpmHeader.DIRINDEXES, 4, 1_000_000, ByteBuffer.allocate(4).array(), 4)
            .bytes();
    assertThatThrownBy(() -> RpmHeader.parse(blob).ints(RpmHeader.DIRINDEXES))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("claims 1000000 integers");
  }

  @Test
  void wrongTypeIsAnError() {
    byte[] blob =
        new Blob().add(RpmHeader.NAME, 4, 1, ByteBuffer.allocate(4).putInt(1).array(), 4).bytes();
    assertThatThrownBy(() -> RpmHeader.parse(blob).string(RpmHeader.NAME))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("tag 1000 has unexpected type 4");
  }

  @Test
  void offsetOutsideTheStoreIsAnError() {
    byte[] blob = new Blob().string(RpmHeader.NAME, 6, "x").bytes();
    ByteBuffer.wrap(blob).putInt(8 + 8, 1 << 20);
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("outside 2 data bytes");
  }

  @Test
  void dataLengthBeyondTheBlobIsAnError() {
    byte[] blob = new Blob().string(RpmHeader.NAME, 6, "x").bytes();
    ByteBuffer.wrap(blob).putInt(4, 1 << 24);
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("but the blob has 26");
  }
}
