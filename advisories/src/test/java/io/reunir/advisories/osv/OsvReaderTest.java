package io.reunir.advisories.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvReaderTest {
  static final Path OSV = Path.of("src/test/resources/osv");
  static final Path DISTROS = OSV.resolve("distros");

  @TempDir
  Path tmp;

  private final List<OsvAdvisory> read = new ArrayList<>();

  private ReadReport read(Path path) throws IOException {
    return OsvReader.read(path, read::add);
  }

  private List<String> ids() {
    return read.stream().map(OsvAdvisory::id).toList();
  }

  @Test
  void readsADirectoryOfRecordFilesInNameOrder() throws IOException {
    ReadReport report = read(DISTROS);

    assertThat(report.clean()).isTrue();
    assertThat(report.files()).isEqualTo(10);
    assertThat(report.records()).isEqualTo(10);
    assertThat(ids()).containsExactly("ALSA-2023:0946", "ALPINE-CVE-2020-25681",
        "ALPINE-CVE-2023-28450", "DEBIAN-CVE-2023-50387", "DLA-2604-1", "DLA-4123-1", "DSA-4844-1",
        "UBUNTU-CVE-2020-25681", "UBUNTU-CVE-2023-28450", "USN-4698-1");
  }

  @Test
  void keepsTheFieldsOfARecord() throws IOException {
    read(DISTROS.resolve("ubuntu/UBUNTU-CVE-2020-25681.json"));

    OsvAdvisory a = read.get(0);
    assertThat(a.related()).containsExactly("CVE-2020-25681", "USN-4698-1");
    assertThat(a.modified()).hasToString("2021-01-19T00:00:00Z");
    assertThat(a.severity()).containsExactly(new OsvAdvisory.Severity("CVSS_V3",
        "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"));
    assertThat(a.affected()).extracting(OsvAdvisory.Affected::ecosystem).containsExactly(
        "Ubuntu:Pro:14.04:LTS", "Ubuntu:16.04:LTS", "Ubuntu:18.04:LTS", "Ubuntu:20.04:LTS");
    assertThat(a.affected().get(0).ranges().get(0).events())
        .containsExactly(new OsvAdvisory.Event("introduced", "0"));
    assertThat(a.affected().get(3).ecosystemSpecific().get("ubuntu_priority").asText()).isEqualTo("medium");
  }

  @Test
  void readsAJsonArrayAndNdjson() throws IOException {
    Path array = tmp.resolve("all.json");
    Path ndjson = tmp.resolve("all.ndjson");
    var records = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(DISTROS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        records.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).toString());
      }
    }
    Files.writeString(array, "[" + String.join(",\n", records) + "]");
    Files.writeString(ndjson, String.join("\n", records) + "\n");

    assertThat(read(array).records()).isEqualTo(10);
    assertThat(read(ndjson).records()).isEqualTo(10);
    assertThat(ids()).hasSize(20).startsWith("ALSA-2023:0946").endsWith("USN-4698-1");
  }

  @Test
  void readsAZipOfRecordsAsOsvDevPublishesThem() throws IOException {
    Path zip = tmp.resolve("all.zip");
    try (var out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(DISTROS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.putNextEntry(new ZipEntry(f.getFileName().toString()));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("README.txt"));
      out.write("not a record".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }

    ReadReport report = read(zip);

    assertThat(report.clean()).isTrue();
    assertThat(report.records()).isEqualTo(10);
    assertThat(ids()).contains("DSA-4844-1", "ALSA-2023:0946");
  }

  @Test
  void aFileThatIsNotAZipIsAnErrorNamingIt() throws IOException {
    Path zip = Files.writeString(tmp.resolve("all.zip"), "{\"id\": \"x\"}");

    ReadReport report = read(zip);

    assertThat(report.errors()).extracting(ReadError::line)
        .containsExactly(zip + ": not a readable zip archive, or one without .json records");
  }

  @Test
  void truncatedJsonIsAnErrorNamingTheFileAndTheOtherFilesStillImport() throws IOException {
    Files.copy(OSV.resolve("hostile/truncated.json"), tmp.resolve("a-truncated.json"));
    Files.copy(DISTROS.resolve("debian/DLA-2604-1.json"), tmp.resolve("b.json"));

    ReadReport report = read(tmp);

    assertThat(ids()).containsExactly("DLA-2604-1");
    assertThat(report.errorCount()).isEqualTo(1);
    ReadError error = report.errors().get(0);
    assertThat(error.source()).isEqualTo(tmp.resolve("a-truncated.json").toString());
    assertThat(error.record()).isEqualTo("record 1");
    assertThat(error.message()).startsWith("malformed JSON at line ").endsWith("; the rest of this file is not read");
  }

  @Test
  void recordsWithWrongTypesAreErrorsNamingTheirIdsAndTheNextRecordStillImports() throws IOException {
    Path file = OSV.resolve("hostile/wrong-types.json");

    ReadReport report = read(file);

    assertThat(ids()).containsExactly("DSA-4844-1");
    assertThat(report.errors()).extracting(ReadError::line).containsExactly(
        file + ": record 1: TEST-BAD-AFFECTED: affected must be an array",
        file + ": record 2: TEST-BAD-EVENTS: affected[0].ranges[0].events[0] must have exactly one of"
            + " introduced, fixed, last_affected, limit",
        file + ": record 3: no id (a non-empty string)",
        file + ": record 4: not a JSON object",
        file + ": record 5: TEST-BAD-TIME: modified is not an RFC 3339 time");
  }

  @Test
  void aHugeDetailsIsSkippedWithoutBeingRead() throws IOException {
    // Larger than Jackson's longest string (20 MB by default): had the reader built it, the read would fail.
    Path file = tmp.resolve("huge.json");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("{\"id\": \"TEST-HUGE\", \"details\": \"".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 24; i++) {
        out.write(chunk);
      }
      out.write("\", \"summary\": \"big\", \"affected\": []}".getBytes(StandardCharsets.US_ASCII));
    }

    ReadReport report = read(file);

    assertThat(report.clean()).isTrue();
    assertThat(read).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo("TEST-HUGE");
      assertThat(a.summary()).isEqualTo("big");
    });
  }

  @Test
  void aLongSummaryIsCut() throws IOException {
    Path file = Files.writeString(tmp.resolve("long.json"),
        "{\"id\": \"TEST-LONG\", \"summary\": \"" + "s".repeat(5000) + "\"}");

    read(file);

    assertThat(read.get(0).summary()).hasSize(OsvAdvisory.SUMMARY_MAX + 1).endsWith("…");
  }

  @Test
  void aMissingPathIsAnErrorNotNothing() {
    assertThatThrownBy(() -> read(tmp.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void errorsBeyondTheKeptOnesAreCounted() throws IOException {
    Path file = tmp.resolve("bad.ndjson");
    Files.writeString(file, "17\n".repeat(OsvReader.ERRORS_KEPT + 5));

    ReadReport report = read(file);

    assertThat(report.errorCount()).isEqualTo(OsvReader.ERRORS_KEPT + 5);
    assertThat(report.errors()).hasSize(OsvReader.ERRORS_KEPT);
  }
}
