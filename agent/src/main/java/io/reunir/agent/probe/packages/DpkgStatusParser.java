package io.reunir.agent.probe.packages;

import io.reunir.agent.probe.host.LineReader;
import io.reunir.agent.probe.host.FieldText;
import io.reunir.agent.probe.host.ParseResult;
import io.reunir.agent.probe.PackageBudget;
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
 * stanza is kept when the state word of its {@code Status:} (the third: {@code want flag state})
 * says the package's files are on disk: {@code installed}, {@code triggers-pending}, {@code
 * triggers-awaited}, {@code half-configured}, {@code unpacked}, {@code half-installed}; that word is
 * the record's state. {@code config-files} and {@code not-installed} leave no files, so they are
 * not kept, whatever the want word says: {@code deinstall ok installed} is still installed. The
 * version is kept as dpkg prints it (see {@link DpkgVersion}). A stanza it cannot vouch for (a kept
 * field twice, NUL or non-UTF-8 bytes in a kept field, a kept field longer than a line may be, a
 * Status or Version dpkg would refuse, no Package or Version) is skipped with a problem naming its
 * line; the rest of the file still counts, as dpkg's own reader would refuse the whole file but an
 * inventory should not go blind.
 */
public final class DpkgStatusParser {
  /** Longest line kept; longer lines (long descriptions, hostile files) are skipped over. */
  static final int MAX_LINE = 8192;

  /**
   * What a stanza without {@code Status:} is: in dpkg's status file a package not installed; in a
   * distroless {@code status.d} file (the package's control file, which has no Status) an installed
   * one; in an index, where no stanza has one, every stanza counts and has no state.
   */
  public enum Mode { STATUS, STATUS_D, INDEX }

  /** The state words whose packages have files on disk; their records carry the word. */
  private static final String[] ON_DISK = {"installed", "triggers-pending", "triggers-awaited",
      "half-configured", "unpacked", "half-installed"};
  private static final String[] OFF_DISK = {"not-installed", "config-files"};
  private static final String[] WANT = {"unknown", "install", "hold", "deinstall", "purge"};
  private static final String[] FLAG = {"ok", "reinstreq"};
  /** {@link #state} of a Status whose package has no files on disk. */
  static final String NOT_ON_DISK = "";
  private static final String INSTALLED = ON_DISK[0];
  private static final String INSTALL_OK_INSTALLED = "install ok installed";

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
    String state = broken == null ? stanzaState() : null;
    if (broken != null) {
      problems.add(describe(name) + ": " + broken + "; skipped");
    } else if (state == null) {
      problems.add(describe(name) + ": Status '" + values[STATUS]
          + "' is not dpkg's 'want flag state'; skipped");
    } else if (!state.isEmpty()) {
      if (name == null || name.isEmpty()) {
        problems.add(describe(null) + ": no Package field; skipped");
      } else if (values[VERSION] == null || values[VERSION].isEmpty()) {
        problems.add(describe(name) + ": no Version field; skipped");
      } else {
        try {
          packages.add(record(mode == Mode.INDEX ? null : state));
        } catch (DpkgVersion.Invalid e) {
          problems.add(describe(name) + ": Version '" + values[VERSION] + "': " + e.getMessage()
              + "; skipped");
        }
      }
    }
    Arrays.fill(values, null);
    broken = null;
    inStanza = false;
  }

  private String describe(String name) {
    return "stanza at line " + stanzaLine + (name == null ? "" : " (" + name + ")");
  }

  /** The stanza's state word, {@link #NOT_ON_DISK}, or null for a Status dpkg would refuse. */
  private String stanzaState() {
    String status = values[STATUS];
    if (mode == Mode.INDEX || (status == null && mode == Mode.STATUS_D)) {
      return INSTALLED;
    }
    if (status == null) {
      return NOT_ON_DISK;
    }
    // Nearly every stanza says exactly this; equals is far cheaper than the word loop under C1.
    return status.equals(INSTALL_OK_INSTALLED) ? INSTALLED : state(status);
  }

  /**
   * The state word of a Status of exactly three words (want, flag, state) separated by runs of
   * blanks, matched without regard to case as dpkg does, as one of {@link #ON_DISK}; {@link
   * #NOT_ON_DISK} for a state without files; null when a word is not one dpkg knows or the count is
   * not three. A hand loop, not a regex split: under C1 the split cost more than the rest of the
   * stanza.
   */
  static String state(String status) {
    String state = null;
    int words = 0;
    int i = 0;
    int n = status.length();
    while (true) {
      while (i < n && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
        i++;
      }
      if (i == n) {
        break;
      }
      int start = i;
      while (i < n && status.charAt(i) != ' ' && status.charAt(i) != '\t') {
        i++;
      }
      String word = switch (words++) {
        case 0 -> find(WANT, status, start, i);
        case 1 -> find(FLAG, status, start, i);
        case 2 -> state = stateWord(status, start, i);
        default -> null;
      };
      if (word == null) {
        return null;
      }
    }
    return words == 3 ? state : null;
  }

  private static String stateWord(String status, int from, int to) {
    String onDisk = find(ON_DISK, status, from, to);
    if (onDisk != null) {
      return onDisk;
    }
    return find(OFF_DISK, status, from, to) == null ? null : NOT_ON_DISK;
  }

  private static String find(String[] words, String text, int from, int to) {
    for (String word : words) {
      if (word.length() == to - from && text.regionMatches(true, from, word, 0, word.length())) {
        return word;
      }
    }
    return null;
  }

  private PackageRecord record(String state) throws DpkgVersion.Invalid {
    String name = values[PACKAGE];
    String version = DpkgVersion.printed(values[VERSION]);
    String source = name;
    String sourceVersion = version;
    String sourceField = values[SOURCE];
    if (sourceField != null && !sourceField.isEmpty()) {
      int paren = sourceField.indexOf('(');
      if (paren > 0 && sourceField.endsWith(")")) {
        source = sourceField.substring(0, paren).strip();
        sourceVersion = sourceVersion(sourceField.substring(paren + 1, sourceField.length() - 1).strip());
      } else {
        source = sourceField;
      }
    }
    int colon = version.indexOf(':');
    String epoch = colon > 0 ? version.substring(0, colon) : null;
    int hyphen = version.lastIndexOf('-');
    String release = hyphen > colon ? version.substring(hyphen + 1) : null;
    return new PackageRecord("deb", name, version, values[ARCHITECTURE], epoch, release, source,
        sourceVersion, size(values[SIZE]), null, state);
  }

  /** Printed as dpkg prints {@code ${source:Version}}; one it cannot read is kept as written. */
  private static String sourceVersion(String written) {
    try {
      return written.isEmpty() ? written : DpkgVersion.printed(written);
    } catch (DpkgVersion.Invalid e) {
      return written;
    }
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
