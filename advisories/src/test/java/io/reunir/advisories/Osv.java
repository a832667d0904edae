package io.reunir.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.advisories.osv.OsvAdvisory;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.advisories.osv.ReadReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fixture records of {@code src/test/resources/osv}, read as the import reads them. */
final class Osv {
  static final Path FIXTURES = Path.of("src/test/resources/osv");

  private Osv() {}

  static OsvAdvisory record(String relative) {
    List<OsvAdvisory> read = records(relative);
    assertThat(read).hasSize(1);
    return read.get(0);
  }

  static List<OsvAdvisory> records(String relative) {
    var read = new ArrayList<OsvAdvisory>();
    try {
      ReadReport report = OsvReader.read(FIXTURES.resolve(relative), read::add);
      assertThat(report.errors()).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read;
  }

  static AdvisoryDocuments.Conversion convert(String relative) {
    return AdvisoryDocuments.of(record(relative));
  }
}
