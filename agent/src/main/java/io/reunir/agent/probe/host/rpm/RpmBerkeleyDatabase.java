package io.reunir.agent.probe.host.rpm;

import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.PackageBudget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header blobs of a Berkeley DB <em>hash</em> {@code Packages} file (RHEL 7/8, Amazon
 * Linux 2) in pure Java, without libdb and without locks or environment files.
 *
 * <p>Layout used: page 0 is the hash metadata page (magic {@code 0x061561} in the writer's byte
 * order, page size, last page number). Every other page starts with a 26-byte header (page number,
 * previous/next page, entry count, free-space offset, level, type). Hash pages (type 13, or 2 in
 * old files) hold an array of 16-bit item offsets; items alternate key, data. rpm's keys are 4-byte
 * header numbers (0 holds a counter, not a package); a data item is either inline ({@code
 * H_KEYDATA}) or, for any real header, an {@code H_OFFPAGE} reference to a chain of overflow pages
 * (type 7) whose free-space field is the number of bytes used on that page.
 *
 * <p>The file is scanned page by page rather than through the bucket map: it is simpler, visits
 * every record once, and needs no trust in the bucket arithmetic of a damaged file. Every walk is
 * bounded by the number of pages in the file.
 */
public final class RpmBerkeleyDatabase {
  private static final int HASH_MAGIC = 0x061561;
  private static final int PAGE_HEADER = 26;
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASHMETA = 8;
  private static final int P_HASH = 13;
  private static final int H_KEYDATA = 1;
  private static final int H_OFFPAGE = 3;

  private final Path file;
  private final FileChannel channel;
  private final ByteOrder order;
  private final int pageSize;
  private final long pageCount;
  private final List<RpmBlob> blobs = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /**
   * Overflow pages left to visit in the whole file: in a sound file each belongs to one header, so
   * a crafted file whose items share one long chain cannot make the scan quadratic.
   */
  private long overflowBudget;

  private final PackageBudget budget;
  private long heldBytes;

  private RpmBerkeleyDatabase(Path file, FileChannel channel, ByteOrder order, int pageSize,
      long pageCount, PackageBudget budget) {
    this.budget = budget;
    this.file = file;
    this.channel = channel;
    this.order = order;
    this.pageSize = pageSize;
    this.pageCount = pageCount;
    this.overflowBudget = pageCount;
  }

  public static RpmBlobs readBlobs(Path file) throws IOException {
    return readBlobs(file, null);
  }

  /** Stops with {@link PackageBudget.Exceeded} when the headers held would not fit the budget. */
  public static RpmBlobs readBlobs(Path file, PackageBudget budget) throws IOException {
    try (FileChannel ch = HostRoot.channelChecked(file)) {
      ByteBuffer meta = ByteBuffer.allocate(512);
      while (meta.hasRemaining() && ch.read(meta, meta.position()) > 0) {
        // keep reading: a short read is possible on some file systems
      }
      if (meta.position() < 512) {
        throw new RpmFormatException(file + " is too short to be a Berkeley DB file");
      }
      ByteOrder order = ByteOrder.LITTLE_ENDIAN;
      if (meta.order(order).getInt(12) != HASH_MAGIC) {
        order = ByteOrder.BIG_ENDIAN;
        if (meta.order(order).getInt(12) != HASH_MAGIC) {
          throw new RpmFormatException(file + " is not a Berkeley DB hash file (bad magic)");
        }
      }
      meta.order(order);
      int pageSize = meta.getInt(20);
      if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
        throw new RpmFormatException(file + " has an invalid page size " + pageSize);
      }
      if (meta.get(24) != 0) {
        throw new RpmFormatException(file + " is encrypted");
      }
      if (meta.get(25) != P_HASHMETA) {
        throw new RpmFormatException(file + " page 0 is not a hash metadata page");
      }
      long lastPage = Integer.toUnsignedLong(meta.getInt(32));
      long pageCount = Math.min(lastPage + 1, ch.size() / pageSize);
      return new RpmBerkeleyDatabase(file, ch, order, pageSize, pageCount, budget).scan();
    }
  }

  private void hold(RpmBlob blob) throws PackageBudget.Exceeded {
    if (budget != null) {
      heldBytes += blob.bytes().length;
      budget.checkHeaderBytes(heldBytes);
      budget.checkPackages(blobs.size() + problems.size());
    }
    blobs.add(blob);
  }

  private RpmBlobs scan() throws IOException {
    for (long pgno = 1; pgno < pageCount; pgno++) {
      ByteBuffer page = page(pgno);
      int type = page.get(25) & 0xff;
      if (type == P_HASH || type == P_HASH_UNSORTED) {
        try {
          readHashPage(pgno, page);
        } catch (RpmFormatException e) {
          // The page's item table cannot be trusted; the other pages still can.
          problems.add(e.getMessage());
        }
      }
    }
    return new RpmBlobs(List.copyOf(blobs), List.copyOf(problems));
  }

  private void readHashPage(long pgno, ByteBuffer page) throws IOException {
    int entries = page.getShort(20) & 0xffff;
    int indexEnd = PAGE_HEADER + 2 * entries;
    if (indexEnd > pageSize || entries % 2 != 0) {
      throw damaged(pgno, "has " + entries + " items, not key/data pairs that fit the page");
    }
    for (int i = 0; i < entries; i += 2) {
      int keyAt = itemOffset(pgno, page, i, indexEnd);
      int keyLen = itemEnd(page, i) - keyAt;
      int dataAt = itemOffset(pgno, page, i + 1, indexEnd);
      int dataLen = itemEnd(page, i + 1) - dataAt;
      if (keyLen <= 0 || dataLen <= 0) {
        throw damaged(pgno, "item " + i + " has overlapping offsets");
      }
      if ((page.get(keyAt) & 0xff) != H_KEYDATA || keyLen != 5) {
        throw damaged(pgno, "item " + i + " is not a 4-byte package number key");
      }
      long hnum = Integer.toUnsignedLong(page.getInt(keyAt + 1));
      if (hnum == 0) {
        continue; // rpm's "next header number" counter
      }
      String where = file + " package " + hnum + " (page " + pgno + ")";
      int dataType = page.get(dataAt) & 0xff;
      if (dataType == H_OFFPAGE) {
        if (dataLen < 12) {
          throw damaged(pgno, "overflow reference of package " + hnum + " is truncated");
        }
        long first = Integer.toUnsignedLong(page.getInt(dataAt + 4));
        long length = Integer.toUnsignedLong(page.getInt(dataAt + 8));
        try {
          hold(new RpmBlob(where, readOverflow(hnum, first, length)));
        } catch (RpmFormatException e) {
          problems.add(e.getMessage()); // this package is lost, the page's others are not
        }
      } else if (dataType == H_KEYDATA) {
        byte[] blob = new byte[dataLen - 1];
        page.get(dataAt + 1, blob);
        hold(new RpmBlob(where, blob));
      } else {
        throw damaged(pgno, "package " + hnum + " has unsupported item type " + dataType);
      }
    }
  }

  private int itemOffset(long pgno, ByteBuffer page, int i, int indexEnd)
      throws RpmFormatException {
    int at = page.getShort(PAGE_HEADER + 2 * i) & 0xffff;
    if (at < indexEnd || at >= pageSize) {
      throw damaged(pgno, "item " + i + " offset " + at + " is outside the page");
    }
    return at;
  }

  /** Items grow down from the page end: item i ends where item i-1 starts. */
  private int itemEnd(ByteBuffer page, int i) {
    return i == 0 ? pageSize : page.getShort(PAGE_HEADER + 2 * (i - 1)) & 0xffff;
  }

  private byte[] readOverflow(long hnum, long first, long length) throws IOException {
    long maxBytes = Math.min(pageCount * (long) pageSize, RpmSqliteDatabase.MAX_BLOB_BYTES);
    if (length > maxBytes) {
      throw new RpmFormatException(
          file
              + " package "
              + hnum
              + " claims a "
              + length
              + "-byte header, more than the "
              + pageCount
              + " pages of the file can hold");
    }
    byte[] blob = new byte[(int) length];
    int filled = 0;
    long pgno = first;
    // Each hop must make progress and stay inside the file, so a loop in the chain ends here.
    for (long hops = 0; filled < length; hops++) {
      if (pgno == 0 || pgno >= pageCount || hops >= pageCount) {
        throw new RpmFormatException(
            file
                + " package "
                + hnum
                + ": overflow chain broken at page "
                + pgno
                + " after "
                + filled
                + " of "
                + length
                + " bytes");
      }
      if (--overflowBudget < 0) {
        throw new RpmFormatException(
            file
                + ": more overflow pages referenced than the file has; giving up at package "
                + hnum);
      }
      ByteBuffer page = page(pgno);
      if ((page.get(25) & 0xff) != P_OVERFLOW) {
        throw damaged(pgno, "is not an overflow page (package " + hnum + ")");
      }
      int used = page.getShort(22) & 0xffff;
      if (used == 0 || used > pageSize - PAGE_HEADER || used > length - filled) {
        throw damaged(pgno, "claims " + used + " bytes of package " + hnum);
      }
      page.get(PAGE_HEADER, blob, filled, used);
      filled += used;
      pgno = Integer.toUnsignedLong(page.getInt(16));
    }
    return blob;
  }

  private ByteBuffer page(long pgno) throws IOException {
    ByteBuffer page = ByteBuffer.allocate(pageSize).order(order);
    long pos = pgno * pageSize;
    while (page.hasRemaining()) {
      int n = channel.read(page, pos + page.position());
      if (n < 0) {
        throw damaged(pgno, "is cut short by the end of the file");
      }
    }
    return page;
  }

  private RpmFormatException damaged(long pgno, String what) {
    return new RpmFormatException(file + " page " + pgno + " " + what);
  }
}
