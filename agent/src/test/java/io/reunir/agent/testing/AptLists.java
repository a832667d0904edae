package io.reunir.agent.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's package indexes as apt keeps them ({@code /var/lib/apt/lists/*_Packages.lz4}): 60,000+
 * real stanzas in the dpkg status format. A test that needs them fails, never skips, when they are
 * missing, and says how to get them.
 */
public final class AptLists {
  public static final String HOW_TO_GET = "apt-get update && apt-get install lz4";
  private static final Path LISTS = Path.of("/var/lib/apt/lists");

  private AptLists() {}

  /** The index files, or a failed test naming the fix. */
  public static List<Path> files() throws IOException {
    if (!Files.isDirectory(LISTS)) {
      fail("no " + LISTS + ": run '" + HOW_TO_GET + "'");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(LISTS)) {
      files = list.filter(p -> p.getFileName().toString().endsWith("_Packages.lz4")).sorted().toList();
    }
    if (files.isEmpty()) {
      fail("no *_Packages.lz4 in " + LISTS + ": run '" + HOW_TO_GET + "'");
    }
    return files;
  }

  /** One index decompressed with the real lz4 tool. */
  public static byte[] decompress(Path file) throws IOException, InterruptedException {
    Process lz4;
    try {
      lz4 = new ProcessBuilder("lz4", "-dc", file.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      return fail("cannot run lz4 (" + e.getMessage() + "): run '" + HOW_TO_GET + "'");
    }
    var out = new ByteArrayOutputStream();
    lz4.getInputStream().transferTo(out);
    if (lz4.waitFor() != 0) {
      fail("lz4 -dc " + file + " failed: run '" + HOW_TO_GET + "'");
    }
    return out.toByteArray();
  }

  /** Every index, decompressed and concatenated (each ends with a blank line, so stanzas stay apart). */
  public static byte[] all() throws IOException, InterruptedException {
    var out = new ByteArrayOutputStream();
    for (Path file : files()) {
      out.write(decompress(file));
      out.write('\n');
    }
    return out.toByteArray();
  }
}
