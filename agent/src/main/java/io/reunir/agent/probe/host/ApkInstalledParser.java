package io.reunir.agent.probe.host;

import io.reunir.agent.probe.PackageBudget;
import io.reunir.agent.model.PackageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Parser of apk's {@code /lib/apk/db/installed}: one block of {@code X:value} lines per installed
 * package, blocks separated by a blank line. Kept: {@code P} name, {@code V} version, {@code A}
 * architecture, {@code o} origin (the source package; it shares the version), {@code I} installed
 * size in bytes. The file lists only installed packages, so every complete block counts. A block
 * with a kept field twice, bad bytes in one, or no name or version is skipped with a problem.
 *
 * <p>apk-tools (2.x and 3.x) keeps it at {@code /lib/apk/db/installed}; usr-merged distributions
 * built without a {@code /lib} link (Wolfi, Chainguard images) have it at {@code
 * /usr/lib/apk/db/installed}. Both are in {@link #PATHS}, in the order apk would pick.
 */
public final class ApkInstalledParser {
  /** Where the database lives, the one apk itself reads first. */
  public static final List<String> PATHS = List.of("/lib/apk/db/installed", "/usr/lib/apk/db/installed");
  static final int MAX_LINE = 8192;
  private static final String KEYS = "PVAoI";
  private static final int NAME = 0;
  private static final int VERSION = 1;
  private static final int ARCH = 2;
  private static final int ORIGIN = 3;
  private static final int SIZE = 4;

  private final List<PackageRecord> packages = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final String[] values = new String[KEYS.length()];
  private long blockLine;
  private boolean inBlock;
  private String broken;

  private final PackageBudget budget;

  private ApkInstalledParser(PackageBudget budget) {
    this.budget = budget;
  }

  public static ParseResult parse(InputStream in) throws IOException {
    return new ApkInstalledParser(null).run(in);
  }

  /** Stops with {@link PackageBudget.Exceeded} when the records kept would not fit the budget. */
  public static ParseResult parse(InputStream in, PackageBudget budget) throws IOException {
    return new ApkInstalledParser(budget).run(in);
  }

  /**
   * Each file the database lists, as a host path ({@code F:} directory, {@code /}, {@code R:} name),
   * with the package ({@code P:}) of its block. Lines too long or not UTF-8 are passed over: a file
   * lost here only leaves a program without an owner, and the packages read reports the damage.
   */
  public static void files(InputStream in, BiConsumer<String, String> owner) throws IOException {
    LineReader lines = new LineReader(in, MAX_LINE);
    String name = null;
    String dir = "";
    List<String> files = new ArrayList<>();
    while (lines.next()) {
      byte[] line = lines.bytes();
      int length = lines.length();
      if (length == 0 || (length >= 2 && line[0] == 'P' && line[1] == ':' && name != null)) {
        flush(name, files, owner);
        name = null;
        dir = "";
      }
      if (length < 2 || line[1] != ':' || lines.overlong() || "PFR".indexOf(line[0]) < 0) {
        continue;
      }
      String value;
      try {
        value = FieldText.value(line, 2, length);
      } catch (FieldText.BadValue e) {
        continue;
      }
      switch (line[0]) {
        case 'P' -> name = value;
        case 'F' -> dir = value.isEmpty() ? "" : "/" + value;
        default -> {
          if (!value.isEmpty()) {
            files.add(dir + "/" + value);
          }
        }
      }
    }
    flush(name, files, owner);
  }

  private static void flush(String name, List<String> files, BiConsumer<String, String> owner) {
    if (name != null && !name.isEmpty()) {
      files.forEach(f -> owner.accept(f, name));
    }
    files.clear();
  }

  private ParseResult run(InputStream in) throws IOException {
    LineReader lines = new LineReader(in, MAX_LINE);
    while (lines.next()) {
      byte[] line = lines.bytes();
      int length = lines.length();
      if (length == 0) {
        finish();
        continue;
      }
      if (!inBlock) {
        inBlock = true;
        blockLine = lines.number();
      }
      if (length < 2 || line[1] != ':') {
        if (!lines.overlong()) {
          markBroken("line " + lines.number() + " is not an 'X:value' line");
        }
        continue;
      }
      int key = KEYS.indexOf(line[0]);
      if (key < 0) {
        continue;
      }
      if (lines.overlong()) {
        markBroken((char) line[0] + ": on line " + lines.number() + " is longer than " + MAX_LINE + " bytes");
      } else if (values[key] != null) {
        markBroken("duplicate " + (char) line[0] + ": on line " + lines.number());
      } else {
        try {
          values[key] = FieldText.value(line, 2, length);
        } catch (FieldText.BadValue e) {
          markBroken((char) line[0] + ": on line " + lines.number() + " has " + e.getMessage());
        }
      }
    }
    finish();
    return new ParseResult(List.copyOf(packages), List.copyOf(problems));
  }

  private void markBroken(String why) {
    if (broken == null) {
      broken = why;
    }
  }

  private void finish() throws PackageBudget.Exceeded {
    if (!inBlock) {
      return;
    }
    if (budget != null) {
      budget.checkPackages(packages.size() + problems.size());
    }
    String where = "package at line " + blockLine
        + (values[NAME] == null ? "" : " (" + values[NAME] + ")");
    if (broken != null) {
      problems.add(where + ": " + broken + "; skipped");
    } else if (values[NAME] == null || values[NAME].isEmpty()) {
      problems.add(where + ": no P: (name); skipped");
    } else if (values[VERSION] == null || values[VERSION].isEmpty()) {
      problems.add(where + ": no V: (version); skipped");
    } else {
      packages.add(record(where));
    }
    Arrays.fill(values, null);
    broken = null;
    inBlock = false;
  }

  private PackageRecord record(String where) {
    String version = values[VERSION];
    int rev = version.lastIndexOf("-r");
    String release = rev > 0 ? version.substring(rev + 1) : null;
    String origin = values[ORIGIN] == null || values[ORIGIN].isEmpty() ? values[NAME] : values[ORIGIN];
    return new PackageRecord("apk", values[NAME], version, values[ARCH], null, release, origin, version,
        size(values[SIZE], where), null, null);
  }

  private Long size(String bytes, String where) {
    if (bytes == null || bytes.isEmpty()) {
      return null;
    }
    if (bytes.length() > 18 || !bytes.chars().allMatch(c -> c >= '0' && c <= '9')) {
      problems.add(where + ": I: '" + bytes + "' is not a size in bytes; left out");
      return null;
    }
    return Long.parseLong(bytes);
  }
}
