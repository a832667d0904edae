package io.reunir.agent.probe.packages;

import io.reunir.agent.model.PackageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming parser of dpkg's {@code /var/lib/dpkg/status}, and of apt's {@code Packages} indexes,
 * which use the same stanza format.
 *
 * <p>It works on bytes, one bounded line at a time, and decodes only the six fields it keeps. A
 * stanza is kept when its {@code Status:} says {@code installed} (third word); {@code
 * half-installed}, {@code config-files} and the rest are not installed. A stanza it cannot vouch for
 * (a kept field twice, NUL or non-UTF-8 bytes in a kept field, a kept field longer than a line may
 * be, no Package or Version) is skipped with a problem naming its line; the rest of the file still
 * counts, as dpkg's own reader would refuse the whole file but an inventory should not go blind.
 */
public final class DpkgStatusParser {
  /** Longest line kept; longer lines (long descriptions, hostile files) are skipped over. */
  static final int MAX_LINE = 8192;

  /** Whether stanzas need an installed {@code Status:} (a status file) or all count (an index). */
  public enum Mode { STATUS, INDEX }

  private static final String[] FIELDS =
      {"Package", "Status", "Version", "Architecture", "Source", "Installed-Size"};
  private static final byte[][] NAMES = new byte[FIELDS.length][];

  static {
    for (int f = 0; f < FIELDS.length; f++) {
      NAMES[f] = FieldText.lowerName(FIELDS[f]);
    }
  }

  private static final int PACKAGE = 0;
  private static final int STATUS = 1;
  private static final int VERSION = 2;
  private static final int ARCHITECTURE = 3;
  private static final int SOURCE = 4;
  private static final int SIZE = 5;

  private final Mode mode;
  private final PackageBudget budget;
  private final List<PackageRecord> packages = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final String[] values = new String[FIELDS.length];
  private long stanzaLine;
  private boolean inStanza;
  private String broken;

  private DpkgStatusParser(Mode mode, PackageBudget budget) {
    this.mode = mode;
    this.budget = budget;
  }

  public static ParseResult parse(InputStream in, Mode mode) throws IOException {
    return new DpkgStatusParser(mode, null).run(in);
  }

  /** Stops with {@link PackageBudget.Exceeded} when the records kept would not fit the budget. */
  public static ParseResult parse(InputStream in, Mode mode, PackageBudget budget) throws IOException {
    return new DpkgStatusParser(mode, budget).run(in);
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
      if (line[0] == ' ' || line[0] == '\t') {
        if (!inStanza) {
          problems.add("line " + lines.number() + ": continuation line before any field; ignored");
        }
        continue;
      }
      if (!inStanza) {
        inStanza = true;
        stanzaLine = lines.number();
      }
      field(line, length, lines);
    }
    finish();
    return new ParseResult(List.copyOf(packages), List.copyOf(problems));
  }

  private void field(byte[] line, int length, LineReader lines) {
    int colon = 0;
    while (colon < length && line[colon] != ':') {
      colon++;
    }
    if (colon == length) {
      if (!lines.overlong()) {
        markBroken("line " + lines.number() + " is not a 'Field: value' line");
      }
      return;
    }
    for (int f = 0; f < FIELDS.length; f++) {
      if (FieldText.nameIs(line, colon, NAMES[f])) {
        if (lines.overlong()) {
          markBroken(FIELDS[f] + " on line " + lines.number() + " is longer than " + MAX_LINE + " bytes");
        } else if (values[f] != null) {
          markBroken("duplicate " + FIELDS[f] + " field on line " + lines.number());
        } else {
          try {
            values[f] = FieldText.value(line, colon + 1, length);
          } catch (FieldText.BadValue e) {
            markBroken(FIELDS[f] + " on line " + lines.number() + " has " + e.getMessage());
          }
        }
        return;
      }
    }
  }

  private void markBroken(String why) {
    if (broken == null) {
      broken = why;
    }
  }

  private void finish() throws PackageBudget.Exceeded {
    if (!inStanza) {
      return;
    }
    if (budget != null) {
      // A problem line is held like a package: a file of broken stanzas is bounded too.
      budget.checkPackages(packages.size() + problems.size());
    }
    String name = values[PACKAGE];
    if (broken != null) {
      problems.add(describe(name) + ": " + broken + "; skipped");
    } else if (isInstalled()) {
      if (name == null || name.isEmpty()) {
        problems.add(describe(null) + ": no Package field; skipped");
      } else if (values[VERSION] == null || values[VERSION].isEmpty()) {
        problems.add(describe(name) + ": no Version field; skipped");
      } else {
        packages.add(record());
      }
    }
    Arrays.fill(values, null);
    broken = null;
    inStanza = false;
  }

  private String describe(String name) {
    return "stanza at line " + stanzaLine + (name == null ? "" : " (" + name + ")");
  }

  private boolean isInstalled() {
    if (mode == Mode.INDEX) {
      return true;
    }
    String status = values[STATUS];
    if (status == null) {
      return false;
    }
    return thirdOfThreeWords(status).equals("installed");
  }

  /**
   * The third of exactly three words separated by runs of blanks (space, tab), or "" when there are
   * more or fewer. The value is already trimmed. A hand loop, not a regex split: under C1 the split
   * cost more than the rest of the stanza.
   */
  static String thirdOfThreeWords(String value) {
    int words = 0;
    int thirdStart = -1;
    boolean inWord = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean blank = c == ' ' || c == '\t';
      if (!blank && !inWord) {
        words++;
        if (words == 3) {
          thirdStart = i;
        }
      }
      inWord = !blank;
    }
    return words == 3 ? value.substring(thirdStart) : "";
  }

  private PackageRecord record() {
    String name = values[PACKAGE];
    String version = values[VERSION];
    String source = name;
    String sourceVersion = version;
    String sourceField = values[SOURCE];
    if (sourceField != null && !sourceField.isEmpty()) {
      int paren = sourceField.indexOf('(');
      if (paren > 0 && sourceField.endsWith(")")) {
        source = sourceField.substring(0, paren).strip();
        sourceVersion = sourceField.substring(paren + 1, sourceField.length() - 1).strip();
      } else {
        source = sourceField;
      }
    }
    int colon = version.indexOf(':');
    String epoch = colon > 0 ? version.substring(0, colon) : null;
    int hyphen = version.lastIndexOf('-');
    String release = hyphen > colon ? version.substring(hyphen + 1) : null;
    return new PackageRecord("deb", name, version, values[ARCHITECTURE], epoch, release, source,
        sourceVersion, size(values[SIZE]), null);
  }

  /** Installed-Size is KiB; a value that is not a plain number is left out rather than guessed. */
  private Long size(String kib) {
    if (kib == null || kib.isEmpty() || kib.length() > 15) {
      return null;
    }
    for (int i = 0; i < kib.length(); i++) {
      if (kib.charAt(i) < '0' || kib.charAt(i) > '9') {
        problems.add(describe(values[PACKAGE]) + ": Installed-Size '" + kib + "' is not a number; left out");
        return null;
      }
    }
    return Long.parseLong(kib) * 1024;
  }
}
