package io.reunir.agent.probe.packages.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.host.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SBOMs a Talos node carries: one SPDX 2.3 JSON document per image component
 * ({@code *.spdx.json}) in {@code /usr/share/spdx}, and one per system extension in
 * {@code /usr/local/share/spdx}. Each lists its {@code packages[]} with {@code name} and
 * {@code versionInfo} (which SPDX allows to be absent); the same Go module appears in the SBOM of
 * every component built with it, so a (name, version) pair is kept once. A document that is not
 * SPDX JSON, cannot be read, or has a package without a name is a problem naming the file.
 */
public final class TalosSpdxReader {
  public static final List<String> DIRECTORIES = List.of("/usr/share/spdx", "/usr/local/share/spdx");
  static final String FORMAT = "SPDX JSON";
  /** More documents than any image has components; past it the rest are not read. */
  static final int MAX_DOCUMENTS = 1024;

  private TalosSpdxReader() {}

  /** Empty when neither directory holds an SPDX document. */
  public static Optional<ParseResult> read(HostRoot host) throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    List<PackageRecord> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int documents = 0;
    for (String dir : DIRECTORIES) {
      Path path = host.resolve(dir);
      if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      for (String name : documentNames(path)) {
        if (++documents > MAX_DOCUMENTS) {
          problems.add("more than " + MAX_DOCUMENTS + " SPDX documents; the rest not read");
          break;
        }
        // A link (an extension's SBOM may be one) is followed inside the host root, never out of it.
        Path file = host.resolve(dir + "/" + name);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          readDocument(file, dir + "/" + name, seen, packages, problems);
        } else {
          problems.add(dir + "/" + name + ": " + FORMAT + ": not a regular file");
        }
      }
    }
    return documents == 0 ? Optional.empty()
        : Optional.of(new ParseResult(List.copyOf(packages), List.copyOf(problems)));
  }

  private static Set<String> documentNames(Path dir) throws IOException {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.spdx.json")) {
      for (Path entry : entries) {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          names.add(entry.getFileName().toString());
        }
      }
    }
    return names;
  }

  private static void readDocument(Path file, String where, Set<String> seen, List<PackageRecord> packages,
      List<String> problems) {
    List<String> found = new ArrayList<>();
    try (InputStream in = HostRoot.openChecked(file)) {
      InventoryJson.read(in, FORMAT, "packages", List.of("packages"), (array, index, node) -> {
        try {
          PackageRecord pkg = record(node);
          if (seen.add(pkg.name() + "\u0000" + pkg.version())) {
            packages.add(pkg);
          }
        } catch (InventoryJson.BadRecord e) {
          found.add(FORMAT + ": packages[" + index + "]" + InventoryJson.label(node, "name") + ": "
              + e.getMessage() + "; skipped");
        }
      }, found);
    } catch (IOException e) {
      found.add(FORMAT + ": unreadable: " + e.getMessage());
    }
    found.forEach(problem -> problems.add(where + ": " + problem));
  }

  private static PackageRecord record(JsonNode node) throws InventoryJson.BadRecord {
    if (!node.isObject()) {
      throw new InventoryJson.BadRecord("not an object");
    }
    String name = InventoryJson.required(node, "name");
    String version = InventoryJson.text(node, "versionInfo").filter(v -> !v.equals("NOASSERTION"))
        .orElse(null);
    return new PackageRecord("talos", name, version, null, null, null, null, null, null, null);
  }
}
