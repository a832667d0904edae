package io.reunir.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD files must be exactly what the build generates from the Java types. To update
 * them after changing the types: {@code mvn -B -pl operator -am test -Dtest=CrdFilesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dreunir.updateCrds=true}.
 */
class CrdFilesTest {
  private static final List<String> NAMES = List.of("collectionpolicies.reunir.io", "advisorysources.reunir.io");

  @Test
  void committedCrdsEqualTheGeneratedOnes() throws IOException {
    for (String name : NAMES) {
      committedCrdEqualsTheGeneratedOne(name);
    }
  }

  private static void committedCrdEqualsTheGeneratedOne(String crd) throws IOException {
    String name = crd + "-v1.yml";
    Path generatedFile = Path.of("target/classes/META-INF/fabric8", name);
    Path root = Path.of(System.getProperty("reunir.repoRoot", ".."));
    String generated = Files.readString(generatedFile);
    assertThat(generated).contains("name: \"" + crd + "\"");
    for (Path committed : List.of(root.resolve("crds").resolve(name),
        root.resolve("helm/reunir/crds").resolve(name))) {
      if (Boolean.getBoolean("reunir.updateCrds")) {
        Files.createDirectories(committed.getParent());
        Files.writeString(committed, generated);
      }
      assertThat(committed)
          .withFailMessage("%s differs from the CRD generated from the Java types (%s). Update it with:"
              + " mvn -B -pl operator -am test -Dtest=CrdFilesTest"
              + " -Dsurefire.failIfNoSpecifiedTests=false -Dreunir.updateCrds=true", committed, generatedFile)
          .exists()
          .content().isEqualTo(generated);
    }
  }

  @Test
  void schemaDurationPatternAcceptsWhatTheAgentAcceptsExceptEmpty() {
    for (String d : List.of("90s", "15m", "1h", "1h30m", "2h5s", "1m30s")) {
      assertThat(d).matches(Schedule.DURATION_PATTERN).matches(io.reunir.contract.config.Durations.PATTERN);
    }
    for (String d : List.of("", "1d", "m", "30", "1h 30m", "1.5h")) {
      assertThat(d).doesNotMatch(Schedule.DURATION_PATTERN);
    }
  }
}
