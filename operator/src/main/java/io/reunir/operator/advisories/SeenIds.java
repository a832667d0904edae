package io.reunir.operator.advisories;

import java.nio.charset.StandardCharsets;

/**
 * The advisory document ids an import read, in a fixed 2 MiB Bloom filter whatever the export's size.
 * It may say "seen" of an id it never saw, never the reverse: so what it cannot tell apart is a stale
 * document kept one more import, never a current one removed.
 */
final class SeenIds {
  private static final int BITS_LOG2 = 24;
  private static final int HASHES = 7;
  private static final int MASK = (1 << BITS_LOG2) - 1;

  private final long[] bits = new long[1 << (BITS_LOG2 - 6)];

  void add(String id) {
    long h = hash(id);
    for (int i = 0; i < HASHES; i++) {
      int bit = bit(h, i);
      bits[bit >>> 6] |= 1L << bit;
    }
  }

  boolean mightContain(String id) {
    long h = hash(id);
    for (int i = 0; i < HASHES; i++) {
      int bit = bit(h, i);
      if ((bits[bit >>> 6] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The i-th probe, by double hashing the two halves of one 64-bit hash. */
  private static int bit(long h, int i) {
    return ((int) h + i * (int) (h >>> 32)) & MASK;
  }

  /** FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finaliser to spread it. */
  private static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe53a3b26L;
    return h ^ (h >>> 33);
  }
}
