package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * values.schema.json (and the template's own checks) turn bad values into a message naming them.
 */
class ValuesSchemaTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/helm/bad-values.psv", delimiter = '|', quoteCharacter = '`')
  void badValuesAreRejectedWithAMessageNamingThem(String why, String values, String named)
      throws IOException {
    var file = Files.writeString(dir.resolve("values.yaml"), values + "\n");

    assertThatThrownBy(() -> RenderedChart.render(file))
        .as(why)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(named);
  }
}
