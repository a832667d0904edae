package io.reunir.operator.helm;

import java.util.regex.Pattern;

/** The Maven project version, read from the parent POM the chart must stay in step with. */
final class ChartVersion {
  private static final Pattern PROJECT_VERSION =
      Pattern.compile("<artifactId>reunir-parent</artifactId>\\s*<version>([^<]+)</version>");

  private ChartVersion() {}

  static String maven() {
    var pom = ChartFiles.read(ChartFiles.repoRoot().resolve("pom.xml"));
    var m = PROJECT_VERSION.matcher(pom);
    if (!m.find()) {
      throw new IllegalStateException("no reunir-parent <version> in the root pom.xml");
    }
    return m.group(1);
  }
}
