package io.reunir.agent.probe.packages.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.host.ParseResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, hostile and wrong-shaped inventories: a problem naming file and format, good records kept. */
class ImageInventoryProblemsTest {
  private static final String COS_GOOD = "{\"category\":\"sys-libs\",\"name\":\"zlib\","
      + "\"version\":\"18244.151.14\",\"ebuild_version\":\"1.2.13-r1\"}";

  private static ParseResult cos(String json) throws IOException {
    return CosPackageInfoParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static ParseResult bottlerocket(String json) throws IOException {
    return BottlerocketInventoryParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void truncatedJsonKeepsTheRecordsBeforeTheBreak() throws IOException {
    ParseResult result = cos("{\"installedPackages\": [" + COS_GOOD + ", {\"category\": \"sys-li");

    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("zlib");
    assertThat(result.problems()).singleElement().asString()
        .startsWith("cos-package-info JSON: broken JSON at line 1");
  }

  @Test
  void wrongShapesAreProblemsNotExceptions() throws IOException {
    assertThat(cos("[" + COS_GOOD + "]").problems()).containsExactly("cos-package-info JSON: not a JSON object");
    assertThat(cos("{\"installedPackages\": {}}").problems())
        .containsExactly("cos-package-info JSON: \"installedPackages\" is not an array",
            "cos-package-info JSON: no \"installedPackages\" array");
    assertThat(cos("{\"packages\": []}").problems())
        .containsExactly("cos-package-info JSON: no \"installedPackages\" array");
    assertThat(bottlerocket("{\"Content\": []} {\"Content\": []}").problems()).singleElement().asString()
        .startsWith("application inventory JSON: content after the JSON object");
    assertThat(cos("").problems()).containsExactly("cos-package-info JSON: not a JSON object");
  }

  @Test
  void aBrokenRecordIsSkippedAndNamed() throws IOException {
    ParseResult result = cos("{\"installedPackages\": [" + COS_GOOD + ", 7, {\"name\": \"bash\"},"
        + " {\"name\": \"perl\", \"ebuild_version\": \"5.38-beta\"}, {\"name\": 3, \"version\": \"1\"},"
        + " {\"name\": \"evil\\u0000\", \"ebuild_version\": \"1\"}]}");

    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("zlib");
    assertThat(result.problems()).containsExactly(
        "cos-package-info JSON: installedPackages[1]: not an object; skipped",
        "cos-package-info JSON: installedPackages[2] (bash): no \"ebuild_version\" or \"version\"; skipped",
        "cos-package-info JSON: installedPackages[3] (perl): '5.38-beta' is not a portage version; skipped",
        "cos-package-info JSON: installedPackages[4]: \"name\" is not a string; skipped",
        "cos-package-info JSON: installedPackages[5]: \"name\" has control character 0x0; skipped");
  }

  @Test
  void buildTimePackagesAreNotOnTheNode() throws IOException {
    ParseResult result = cos("{\"buildTimePackages\": [{\"category\":\"dev-lang\",\"name\":\"perl\","
        + "\"version\":\"1\",\"ebuild_version\":\"5.38.2-r3\"}], \"installedPackages\": [" + COS_GOOD + "]}");

    assertThat(result.problems()).isEmpty();
    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("zlib");
  }

  @Test
  void olderCosFilesWithOnlyVersionStillCount() throws IOException {
    ParseResult result = cos("{\"installedPackages\": [{\"category\":\"sys-libs\",\"name\":\"zlib\","
        + "\"version\":\"1.2.11-r4\"}]}");

    assertThat(result.packages()).singleElement().satisfies(p -> {
      assertThat(p.version()).isEqualTo("1.2.11-r4");
      assertThat(p.sourceVersion()).isNull();
    });
  }

  @Test
  void bottlerocketEpochMustBeANumber() throws IOException {
    ParseResult result = bottlerocket("{\"Content\": [{\"Name\": \"glibc\", \"Version\": \"2.40\","
        + " \"Release\": \"1.br1\", \"Epoch\": \"one\"}, {\"Name\": \"bash\", \"Version\": \"5.2.15\","
        + " \"Release\": \"1.br1\", \"Epoch\": \"0\", \"Architecture\": \"aarch64\"}]}");

    assertThat(result.packages()).singleElement().satisfies(p -> {
      assertThat(p.version()).isEqualTo("5.2.15-1.br1");
      assertThat(p.epoch()).isEqualTo("0");
      assertThat(p.architecture()).isEqualTo("aarch64");
    });
    assertThat(result.problems()).containsExactly(
        "application inventory JSON: Content[0] (glibc): \"Epoch\" 'one' is not a number; skipped");
  }

  @Test
  void aHugeFileIsRefusedWithoutReadingItAll() throws IOException {
    // One record, then spaces without end inside the array: refused at the limit, not read forever.
    byte[] head = "{\"Content\": [{\"Name\": \"a\", \"Version\": \"1\"},".getBytes(StandardCharsets.UTF_8);
    var counted = new long[1];
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        long at = counted[0]++;
        return at < head.length ? head[(int) at] : ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) read();
        }
        return len;
      }
    };

    ParseResult result = BottlerocketInventoryParser.parse(endless);

    assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("a");
    assertThat(result.problems()).containsExactly(
        "application inventory JSON: larger than " + InventoryJson.MAX_BYTES
            + " bytes; refused after the records before");
    assertThat(counted[0]).isLessThan(InventoryJson.MAX_BYTES + (1 << 20));
  }

  @Test
  void tooManyRecordsStopTheRead() throws IOException {
    String record = "{\"Name\":\"p\",\"Version\":\"1\"},";
    StringBuilder json = new StringBuilder("{\"Content\": [");
    json.append(record.repeat(InventoryJson.MAX_RECORDS + 5)).setLength(json.length() - 1);
    json.append("]}");

    ParseResult result = bottlerocket(json.toString());

    assertThat(result.packages()).hasSize(InventoryJson.MAX_RECORDS);
    assertThat(result.problems()).containsExactly(
        "application inventory JSON: more than " + InventoryJson.MAX_RECORDS + " records; read stopped");
  }

  @Test
  void aDeeplyNestedValueIsAProblem() throws IOException {
    char[] open = new char[100];
    Arrays.fill(open, '[');
    ParseResult result = cos("{\"installedPackages\": [" + COS_GOOD + ", " + new String(open));

    assertThat(result.packages()).hasSize(1);
    assertThat(result.problems()).singleElement().asString().contains("broken JSON", "nesting depth");
  }

  @Test
  void aDamagedInventoryIsAProbeErrorAndItsTypeIsNotComplete(@TempDir Path root) throws IOException {
    Path file = Files.createDirectories(root.resolve("usr/share/bottlerocket"))
        .resolve("application-inventory.json");
    Files.writeString(file, "{\"Content\": [{\"Name\": \"glibc\", \"Version\": \"2.40\"}, {\"Name\":");

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactly("glibc");
    assertThat(snapshot.complete()).isEmpty();
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .startsWith("bottlerocket /usr/share/bottlerocket/application-inventory.json: "
            + "application inventory JSON: broken JSON at line 1");
  }
}
