package io.reunir.agent.probe.packages;

import io.reunir.agent.probe.host.ParseResult;
import io.reunir.agent.probe.PackageBudget;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.NotRegularFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * dpkg's record of a host's packages: the {@code status} file dpkg maintains, and the {@code
 * status.d/} directory distroless images carry instead (one file of stanzas per package, written when
 * the image was built, beside {@code <name>.md5sums} file lists, which are not stanzas and are not
 * read). Either or both may be present. A package (name and architecture, as dpkg tells packages
 * apart) found in both counts once, from {@code status}: dpkg is what changes that file after the
 * image was built, while nothing updates a {@code status.d} file, so when they differ {@code status}
 * is the newer truth. Every problem names the file it is in.
 */
public final class DpkgDatabase {
  public static final String STATUS = "/var/lib/dpkg/status";
  public static final String STATUS_D = "/var/lib/dpkg/status.d";
  /** Companion files beside a distroless package's stanza file: lists of paths, not stanzas. */
  private static final List<String> NOT_STANZAS = List.of(".md5sums", ".conffiles");

  private DpkgDatabase() {}

  /** Empty when the host has neither {@code status} nor {@code status.d}. */
  public static Optional<ParseResult> read(HostRoot host) throws IOException {
    return read(host, PackageBudget.forThisJvm());
  }

  /** Stops with {@link PackageBudget.Exceeded}, naming the file, when a file would not fit. */
  public static Optional<ParseResult> read(HostRoot host, PackageBudget budget) throws IOException {
    List<String> problems = new ArrayList<>();
    Optional<ParseResult> status = readFile(host, STATUS, DpkgStatusParser.Mode.STATUS, budget, problems);
    Path dir = host.resolve(STATUS_D);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return status.isEmpty() && problems.isEmpty() ? Optional.empty()
          : Optional.of(new ParseResult(status.map(ParseResult::packages).orElse(List.of()), problems));
    }
    Map<String, PackageRecord> packages = new LinkedHashMap<>();
    status.ifPresent(s -> s.packages().forEach(p -> packages.put(key(p), p)));
    Map<String, String> fromFile = new HashMap<>();
    for (String name : names(dir)) {
      if (NOT_STANZAS.stream().anyMatch(name::endsWith)) {
        continue;
      }
      String file = STATUS_D + "/" + name;
      var part = readFile(host, file, DpkgStatusParser.Mode.STATUS_D, budget, problems);
      if (part.isEmpty()) {
        problems.add(file + ": not a regular file; not read");
        continue;
      }
      for (PackageRecord p : part.get().packages()) {
        PackageRecord held = packages.putIfAbsent(key(p), p);
        if (held == null) {
          fromFile.put(key(p), file);
        } else if (fromFile.containsKey(key(p)) && !held.version().equals(p.version())) {
          // Two image-time records that disagree: neither can be vouched for over the other.
          problems.add(file + ": " + key(p) + " " + p.version() + " is also in " + fromFile.get(key(p))
              + " at " + held.version() + "; the first is kept");
        }
      }
    }
    return Optional.of(new ParseResult(List.copyOf(packages.values()), problems));
  }

  /** Parses one stanza file, its problems prefixed with its path; empty when it is not a file. */
  private static Optional<ParseResult> readFile(HostRoot host, String hostPath,
      DpkgStatusParser.Mode mode, PackageBudget budget, List<String> problems)
      throws PackageBudget.Exceeded {
    try {
      Path file = host.resolve(hostPath);
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      ParseResult result;
      try (InputStream in = host.open(file)) { // a FIFO or device is an error, never a blocking open
        result = DpkgStatusParser.parse(in, mode, budget);
      } catch (PackageBudget.Exceeded e) {
        throw e.in(hostPath, file);
      }
      result.problems().forEach(p -> problems.add(hostPath + ": " + p));
      return Optional.of(result);
    } catch (PackageBudget.Exceeded e) {
      throw e;
    } catch (NotRegularFileException e) {
      problems.add(e.getMessage());
      return Optional.of(new ParseResult(List.of(), List.of()));
    } catch (IOException | RuntimeException e) {
      problems.add(hostPath + ": " + e);
      return Optional.of(new ParseResult(List.of(), List.of()));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String key(PackageRecord p) {
    return p.architecture() == null ? p.name() : p.name() + ":" + p.architecture();
  }
}
