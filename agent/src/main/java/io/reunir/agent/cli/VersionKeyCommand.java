package io.reunir.agent.cli;

import io.reunir.contract.version.VersionKey;
import java.io.PrintStream;
import java.util.List;

/** {@code version-key TYPE VERSION}: the sortable key, to write range queries by hand. */
final class VersionKeyCommand {
  private VersionKeyCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 2) {
      throw new Main.UsageException("version-key needs TYPE and VERSION, e.g. version-key deb 1:2.3-1");
    }
    String type = args.get(0);
    if (!VersionKey.TYPES.contains(type)) {
      throw new Main.UsageException("unknown package type '" + type + "' for version-key (known: "
          + String.join(", ", VersionKey.TYPES.stream().sorted().toList()) + ")");
    }
    try {
      out.println(VersionKey.of(type, args.get(1)));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("reunir-agent: " + e.getMessage());
      return 1;
    }
  }
}
