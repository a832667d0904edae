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

    var copies = new ArrayList<String>();
    var m = COPY.matcher(dockerfile);
    while (m.find()) {
      var source = moduleDir.resolve(m.group(1));
      assertThat(source)
          .as("COPY source of %s/Dockerfile (build context %s)", module, moduleDir)
          .isRegularFile();
      assertThat(Files.size(source)).as("%s is a real jar", source).isGreaterThan(100_000);
      copies.add(m.group(2));
    }
    assertThat(copies).containsExactly("/app/reunir-" + module + ".jar");
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
    var user = USER.matcher(dockerfile);
    assertThat(user.find()).as("USER in %s/Dockerfile", module).isTrue();
    assertThat(user.group(1)).isEqualTo("65532");
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
