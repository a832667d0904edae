package io.reunir.operator.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No container engine runs here, so the images are never built in the tests. What can drift is the
 * jar layout the Dockerfiles copy: after `package` (this runs in `verify`) every COPY source must
 * exist where the Dockerfile looks for it, the version label default must be the project's, and the
 * image must not run as root.
 */
class DockerfileJarIT {
  private static final Pattern COPY =
      Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$");
  private static final Pattern VERSION_ARG = Pattern.compile("(?m)^ARG VERSION=(\\S+)$");
  private static final Pattern USER = Pattern.compile("(?m)^USER (\\d+)(?::\\d+)?$");

  @ParameterizedTest
  @ValueSource(strings = {"agent", "operator"})
  void copiedJarsExistAfterPackage(String module) throws IOException {
    var moduleDir = repoRoot().resolve(module);
    var dockerfile = Files.readString(moduleDir.resolve("Dockerfile"));

    var jars = new ArrayList<String>();
    var m = COPY.matcher(dockerfile);
    while (m.find()) {
      var source = moduleDir.resolve(m.group(1));
      if (m.group(1).endsWith(".jar")) {
        assertThat(source)
            .as("COPY source of %s/Dockerfile (build context %s)", module, moduleDir)
            .isRegularFile();
        assertThat(Files.size(source)).as("%s is a real jar", source).isGreaterThan(100_000);
        jars.add(m.group(2));
      } else {
        assertThat(source).as("COPY source of %s/Dockerfile", module).isDirectory();
      }
    }
    assertThat(jars).containsExactly("/app/reunir-" + module + ".jar");
    assertThat(dockerfile).contains("\"-jar\", \"/app/reunir-" + module + ".jar\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"agent", "operator"})
  void versionLabelDefaultsToTheProjectVersionAndUserIsNotRoot(String module) throws IOException {
    var dockerfile = Files.readString(repoRoot().resolve(module).resolve("Dockerfile"));
    var version = VERSION_ARG.matcher(dockerfile);
    assertThat(version.find()).as("ARG VERSION=… in %s/Dockerfile", module).isTrue();
    assertThat(version.group(1)).isEqualTo(projectVersion());
    assertThat(dockerfile).contains("org.opencontainers.image.version=\"${VERSION}\"");
    // The last USER is the one the container runs as (build steps may run as root before it).
    var user = USER.matcher(dockerfile);
    String last = null;
    while (user.find()) {
      last = user.group(1);
    }
    assertThat(last).as("last USER in %s/Dockerfile", module).isEqualTo("65532");
  }

  @ParameterizedTest
  @ValueSource(strings = {"agent"})
  void agentRunsWithTheSmallFixedFootprint(String module) throws IOException {
    var dockerfile = Files.readString(repoRoot().resolve(module).resolve("Dockerfile"));
    for (var flag :
        List.of("-Xmx48m", "-XX:+UseSerialGC", "-Xss512k", "-XX:MaxMetaspaceSize=64m")) {
      assertThat(dockerfile).contains("\"" + flag + "\"");
    }
  }

  /**
   * The class-data archive the ENTRYPOINT maps must be the one the build's training run writes,
   * and that run must read the fixture host tree copied into the image, not the build machine.
   */
  @ParameterizedTest
  @ValueSource(strings = {"agent"})
  void agentMapsTheClassDataArchiveItsBuildTrains(String module) throws IOException {
    var moduleDir = repoRoot().resolve(module);
    var dockerfile = Files.readString(moduleDir.resolve("Dockerfile")).replace("\\\n", " ");
    var run = Pattern.compile("(?m)^RUN \\[(.*)\\]\\s*$").matcher(dockerfile);
    assertThat(run.find()).as("an exec-form RUN in %s/Dockerfile (no shell in the base)", module)
        .isTrue();
    var training = quoted(run.group(1));
    var entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)\\]\\s*$").matcher(dockerfile);
    assertThat(entrypoint.find()).isTrue();
    var flags = quoted(entrypoint.group(1));

    var archive = training.stream().filter(a -> a.startsWith("-XX:ArchiveClassesAtExit="))
        .map(a -> a.substring(a.indexOf('=') + 1)).findFirst().orElseThrow();
    assertThat(flags).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(training).containsSubsequence("-jar", "/app/reunir-agent.jar", "collect");
    int hostRoot = training.indexOf("--host-root");
    assertThat(hostRoot).as("the training run names its host root").isPositive();
    var trainingRoot = Pattern.quote(training.get(hostRoot + 1));
    var fixture =
        Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+" + trainingRoot + "\\s*$").matcher(dockerfile);
    assertThat(fixture.find()).as("COPY of the training host root").isTrue();
    assertThat(moduleDir.resolve(fixture.group(1)).resolve("etc/os-release")).isRegularFile();
    // A warning about an unusable archive must not land in collect's JSON on stdout.
    assertThat(flags).containsSubsequence("-Xlog:disable", "-Xlog:all=warning:stderr");
  }

  private static List<String> quoted(String execForm) {
    var values = new ArrayList<String>();
    var m = Pattern.compile("\"([^\"]*)\"").matcher(execForm);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static String projectVersion() throws IOException {
    var pom = Files.readString(repoRoot().resolve("pom.xml"));
    var m =
        Pattern.compile("<artifactId>reunir-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static Path repoRoot() {
    for (var d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("agent/Dockerfile"))) {
        return d;
      }
    }
    throw new IllegalStateException("no agent/Dockerfile above " + Path.of("").toAbsolutePath());
  }
}
