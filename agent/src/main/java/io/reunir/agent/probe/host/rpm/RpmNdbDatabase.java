package io.reunir.agent.probe.host.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.PackageBudget;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Adler32;

/**
 * Reads the header blobs of rpm's NDB {@code Packages.db} (SUSE: SLE 15, SLE Micro, openSUSE) in
 * pure Java, without rpm's locks and without its index files ({@code Index.db}), which only
 * speed up lookups by name.
 *
 * <p>Layout (rpm's {@code lib/backend/ndb/rpmpkg.c}, all little-endian): a 32-byte header at the
 * start (magic {@code RpmP}, version 0, generation, number of 4096-byte slot pages, next package
 * index); the slot pages hold 16-byte slots from byte 32 on ({@code Slot}, package index, block
 * offset, block count; block offset 0 is a free slot). Blocks are 16 bytes and start after the slot
 * pages. A blob is a 16-byte head ({@code BlbS}, package index, generation, length), the header
 * bytes, zero padding to a whole block, and a 12-byte tail (Adler-32 of head, header and padding;
 * length again; {@code BlbE}).
 *
 * <p>Every slot is checked against the file before anything is read or allocated, and slots may not
 * overlap, so the bytes read in total never exceed the file. A broken slot or blob costs that
 * package and is a problem naming it; a broken file header or slot page is a {@link
 * RpmFormatException}.
 */
public final class RpmNdbDatabase {
  private static final int MAGIC = 0x506d7052; // "RpmP"
  private static final int SLOT_MAGIC = 0x746f6c53; // "Slot"
  private static final int BLOB_HEAD_MAGIC = 0x53626c42; // "BlbS"
  private static final int BLOB_TAIL_MAGIC = 0x45626c42; // "BlbE"
  private static final int PAGE_SIZE = 4096;
  private static final int SLOT_SIZE = 16;
  private static final int BLOCK = 16;
  private static final int HEADER_SIZE = 32;
  private static final int HEAD = 16;
  private static final int TAIL = 12;

  private record Slot(int number, long pkgidx, long blkoff, long blkcnt) {
    long start() {
      return blkoff * BLOCK;
    }

    long end() {
      return (blkoff + blkcnt) * BLOCK;
    }
  }

  private RpmNdbDatabase() {}

  public static RpmBlobs readBlobs(Path file) throws IOException {
    return readBlobs(file, PackageBudget.forThisJvm());
  }

  /** Stops with {@link PackageBudget.Exceeded} when the headers held would not fit the budget. */
  public static RpmBlobs readBlobs(Path file, PackageBudget budget) throws IOException {
    try (FileChannel ch = HostRoot.channelChecked(file)) {
      long size = ch.size();
      ByteBuffer header = read(ch, 0, HEADER_SIZE, size, "the file header");
      if (header.getInt(0) != MAGIC) {
        throw new RpmFormatException("not an NDB package database (bad magic)");
      }
      int version = header.getInt(4);
      if (version != 0) {
        throw new RpmFormatException(
            "unsupported NDB version " + Integer.toUnsignedString(version));
      }
      long slotPages = Integer.toUnsignedLong(header.getInt(12));
      if (slotPages == 0 || slotPages * PAGE_SIZE > size) {
        throw new RpmFormatException(
            "header claims " + slotPages + " slot pages but the file has " + size + " bytes");
      }
      List<String> problems = new ArrayList<>();
      List<Slot> slots = readSlots(ch, slotPages, size, problems);
      List<RpmBlob> blobs = new ArrayList<>(slots.size());
      long held = 0;
      for (Slot slot : slots) {
        try {
          byte[] bytes = readBlob(ch, slot);
          held += bytes.length;
          budget.checkHeaderBytes(held);
          budget.checkPackages(blobs.size() + 1);
          blobs.add(new RpmBlob("package " + slot.pkgidx(), bytes));
        } catch (RpmFormatException e) {
          problems.add("package " + slot.pkgidx() + " (slot " + slot.number() + "): "
              + e.getMessage());
        }
      }
      return new RpmBlobs(List.copyOf(blobs), List.copyOf(problems));
    }
  }

  /**
   * The used slots that fit the file, in package index order (rpm's own listing order is install
   * order, which is the same); a slot that cannot be trusted is a problem, not a package.
   */
  private static List<Slot> readSlots(FileChannel ch, long slotPages, long size,
      List<String> problems) throws IOException {
    long firstBlob = slotPages * PAGE_SIZE;
    List<Slot> used = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (long page = 0; page < slotPages; page++) {
      ByteBuffer slots = read(ch, page * PAGE_SIZE, PAGE_SIZE, size, "slot page " + page);
      for (int at = page == 0 ? HEADER_SIZE : 0; at < PAGE_SIZE; at += SLOT_SIZE) {
        int number = (int) ((page * PAGE_SIZE + at) / SLOT_SIZE);
        if (slots.getInt(at) != SLOT_MAGIC) {
          throw new RpmFormatException(
              "slot " + number + " has no slot magic: the slot table is damaged");
        }
        long blkoff = Integer.toUnsignedLong(slots.getInt(at + 8));
        if (blkoff == 0) {
          continue; // free
        }
        var slot = new Slot(number, Integer.toUnsignedLong(slots.getInt(at + 4)), blkoff,
            Integer.toUnsignedLong(slots.getInt(at + 12)));
        String why = null;
        if (slot.pkgidx() == 0) {
          why = "has package index 0";
        } else if (slot.start() < firstBlob) {
          why = "points into the slot pages";
        } else if (slot.blkcnt() * BLOCK < HEAD + TAIL) {
          why = "has " + slot.blkcnt() + " blocks, too few for a blob";
        } else if (slot.end() > size) {
          why = "points at bytes " + slot.start() + "-" + slot.end() + ", past the end of the "
              + size + "-byte file";
        } else if (!seen.add(slot.pkgidx())) {
          why = "repeats a package index";
        }
        if (why != null) {
          problems.add("package " + slot.pkgidx() + " (slot " + number + ") " + why);
        } else {
          used.add(slot);
        }
      }
    }
    used.sort(Comparator.comparingLong(Slot::blkoff));
    List<Slot> apart = new ArrayList<>(used.size());
    long end = 0;
    for (Slot slot : used) {
      if (slot.start() < end) {
        problems.add("package " + slot.pkgidx() + " (slot " + slot.number()
            + ") overlaps the blob before it");
        continue;
      }
      apart.add(slot);
      end = slot.end();
    }
    apart.sort(Comparator.comparingLong(Slot::pkgidx));
    return apart;
  }

  /** The header bytes of one blob, once its head, tail, length and checksum match its slot. */
  private static byte[] readBlob(FileChannel ch, Slot slot) throws IOException {
    long span = slot.end() - slot.start();
    if (span - HEAD - TAIL > RpmSqliteDatabase.MAX_BLOB_BYTES) {
      throw new RpmFormatException("blob of " + span + " bytes is larger than any real header");
    }
    ByteBuffer blob = read(ch, slot.start(), (int) span, ch.size(), "the blob");
    if (blob.getInt(0) != BLOB_HEAD_MAGIC) {
      throw new RpmFormatException("no blob at byte " + slot.start() + " (bad blob magic)");
    }
    long pkgidx = Integer.toUnsignedLong(blob.getInt(4));
    if (pkgidx != slot.pkgidx()) {
      throw new RpmFormatException("the blob belongs to package " + pkgidx);
    }
    long length = Integer.toUnsignedLong(blob.getInt(12));
    if ((HEAD + length + TAIL + BLOCK - 1) / BLOCK != slot.blkcnt()) {
      throw new RpmFormatException(
          "blob length " + length + " does not fill the slot's " + slot.blkcnt() + " blocks");
    }
    int tail = (int) span - TAIL;
    long stored = Integer.toUnsignedLong(blob.getInt(tail));
    long tailLength = Integer.toUnsignedLong(blob.getInt(tail + 4));
    if (blob.getInt(tail + 8) != BLOB_TAIL_MAGIC || tailLength != length) {
      throw new RpmFormatException(
          "blob tail is damaged (magic or length does not match its head)");
    }
    Adler32 adler = new Adler32();
    adler.update(blob.array(), 0, tail);
    if (adler.getValue() != stored) {
      throw new RpmFormatException("blob checksum mismatch (stored " + Long.toHexString(stored)
          + ", computed " + Long.toHexString(adler.getValue()) + ")");
    }
    byte[] bytes = new byte[(int) length];
    blob.get(HEAD, bytes);
    return bytes;
  }

  /** Exactly {@code length} bytes at {@code pos}, which the caller has checked against the file. */
  private static ByteBuffer read(FileChannel ch, long pos, int length, long size, String what)
      throws IOException {
    if (pos + length > size) {
      throw new RpmFormatException(what + " is cut short by the end of the " + size + "-byte file");
    }
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, pos + buf.position()) < 0) {
        throw new RpmFormatException(what + " is cut short: the file shrank while being read");
      }
    }
    return buf.flip().order(ByteOrder.LITTLE_ENDIAN);
  }
}
