package io.reunir.agent.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Asks this machine's {@code dpkg --compare-versions} about many version pairs with one shell
 * process (dpkg compares one pair per call; a JVM process per pair would be far slower).
 */
public final class DpkgCompare {
  private static final String SCRIPT = """
      while read -r a b; do
        if dpkg --compare-versions "$a" lt "$b"; then echo '<';
        elif dpkg --compare-versions "$a" eq "$b"; then echo '=';
        else echo '>'; fi
      done < "$1"
      """;

  private DpkgCompare() {}

  /** For each pair, -1, 0 or 1 as dpkg orders first against second. */
  public static int[] compare(List<String[]> pairs, Path workDir) throws IOException, InterruptedException {
    Path input = workDir.resolve("pairs.txt");
    var text = new StringBuilder();
    for (String[] pair : pairs) {
      text.append(pair[0]).append(' ').append(pair[1]).append('\n');
    }
    Files.writeString(input, text, StandardCharsets.US_ASCII);
    Process sh = new ProcessBuilder("sh", "-c", SCRIPT, "sh", input.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
        .lines().toList();
    if (sh.waitFor() != 0 || lines.size() != pairs.size()) {
      fail("dpkg --compare-versions gave " + lines.size() + " answers for " + pairs.size()
          + " pairs (is dpkg installed?)");
    }
    int[] result = new int[pairs.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = switch (lines.get(i)) {
        case "<" -> -1;
        case "=" -> 0;
        default -> 1;
      };
    }
    return result;
  }
}
