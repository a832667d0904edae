package io.reunir.agent.probe.packages.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ProbeError;
import io.reunir.agent.model.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talos's SBOM directories and Flatcar's SLSA directory when something in them is wrong. */
class ImageDirectoriesTest {
  private static final String GOOD_SPDX = """
      {"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "runc",
       "packages": [{"name": "github.com/opencontainers/runc", "SPDXID": "SPDXRef-Package-1",
                     "versionInfo": "v1.2.3"},
                    {"name": "golang.org/x/sys", "SPDXID": "SPDXRef-Package-2", "versionInfo": "v0.28.0"}]}
      """;

  @Test
  void aTruncatedSbomKeepsItsGoodRecordsAndNamesTheFile(@TempDir Path root) throws IOException {
    Path spdx = Files.createDirectories(root.resolve("usr/share/spdx"));
    Files.writeString(spdx.resolve("runc.spdx.json"), GOOD_SPDX);
    Files.writeString(spdx.resolve("kubelet.spdx.json"), GOOD_SPDX.replace("runc", "kubelet")
        .substring(0, GOOD_SPDX.indexOf("golang.org")));
    Files.writeString(spdx.resolve("notes.txt"), "not an SBOM, not read");

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name).containsExactlyInAnyOrder(
        "github.com/opencontainers/kubelet", "github.com/opencontainers/runc", "golang.org/x/sys");
    assertThat(snapshot.complete()).isEmpty();
    assertThat(snapshot.errors()).extracting(ProbeError::error).singleElement().asString()
        .startsWith("talos SBOM: /usr/share/spdx/kubelet.spdx.json: SPDX JSON: broken JSON at line");
  }

  @Test
  void aLinkedSbomIsFollowedInsideTheRootAndALinkOutOfItIsAProblem(@TempDir Path root) throws IOException {
    Path spdx = Files.createDirectories(root.resolve("usr/local/share/spdx"));
    Path store = Files.createDirectories(root.resolve("usr/local/lib/containers/gvisor"));
    Files.writeString(store.resolve("sbom.json"), GOOD_SPDX);
    Files.createSymbolicLink(spdx.resolve("gvisor.spdx.json"), Path.of("/usr/local/lib/containers/gvisor/sbom.json"));
    Files.createSymbolicLink(spdx.resolve("gone.spdx.json"), Path.of("/nowhere/sbom.json"));

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name)
        .containsExactly("github.com/opencontainers/runc", "golang.org/x/sys");
    assertThat(snapshot.errors()).extracting(ProbeError::error).containsExactly(
        "talos SBOM: /usr/local/share/spdx/gone.spdx.json: SPDX JSON: not a regular file");
  }

  @Test
  void anSbomOfAnotherShapeIsAProblem(@TempDir Path root) throws IOException {
    Path spdx = Files.createDirectories(root.resolve("usr/local/share/spdx"));
    Files.writeString(spdx.resolve("gvisor.spdx.json"), "{\"bomFormat\": \"CycloneDX\", \"components\": []}");

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.packages()).isEmpty();
    assertThat(snapshot.complete()).isEmpty();
    assertThat(snapshot.errors()).extracting(ProbeError::error).containsExactly(
        "talos SBOM: /usr/local/share/spdx/gvisor.spdx.json: SPDX JSON: no \"packages\" array");
  }

  @Test
  void aPackageWithoutVersionInfoIsKeptWithoutAVersion(@TempDir Path root) throws IOException {
    Path spdx = Files.createDirectories(root.resolve("usr/share/spdx"));
    Files.writeString(spdx.resolve("x.spdx.json"), "{\"packages\": [{\"name\": \"musl\"},"
        + " {\"name\": \"tzdata\", \"versionInfo\": \"NOASSERTION\"}, {\"versionInfo\": \"1\"}]}");

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name, PackageRecord::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("musl", null),
            org.assertj.core.groups.Tuple.tuple("tzdata", null));
    assertThat(snapshot.errors()).extracting(ProbeError::error).containsExactly(
        "talos SBOM: /usr/share/spdx/x.spdx.json: SPDX JSON: packages[2]: no \"name\"; skipped");
  }

  @Test
  void aSlsaFileThatIsNotAnAtomIsAProblem(@TempDir Path root) throws IOException {
    Path slsa = Files.createDirectories(root.resolve("usr/share/SLSA"));
    Files.writeString(slsa.resolve("sys-libs_glibc-2.38-r3.json.xz"), "");
    Files.writeString(slsa.resolve("README"), "");
    Files.writeString(slsa.resolve("sys-apps_systemd.json.xz"), "");
    Files.createDirectories(slsa.resolve("old"));

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.packages()).extracting(PackageRecord::name, PackageRecord::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("glibc", "2.38-r3"));
    assertThat(snapshot.complete()).isEmpty();
    assertThat(snapshot.errors()).extracting(ProbeError::error).containsExactly(
        "flatcar /usr/share/SLSA: README: SLSA provenance file name: not"
            + " <category>_<name>-<version>.json[.xz|.bz2]",
        "flatcar /usr/share/SLSA: sys-apps_systemd.json.xz: SLSA provenance file name: not"
            + " <category>_<name>-<version>.json[.xz|.bz2]");
  }

  @Test
  void atomsSplitAsPortageSplitsThem() {
    assertThat(FlatcarSlsaReader.atom("app-misc_ca-certificates-3.104.json.bz2")).get()
        .extracting(PackageRecord::name, PackageRecord::version, PackageRecord::source)
        .containsExactly("ca-certificates", "3.104", "app-misc/ca-certificates");
    assertThat(FlatcarSlsaReader.atom("dev-python_typing_extensions-4.12.2.json")).get()
        .extracting(PackageRecord::name, PackageRecord::release)
        .containsExactly("typing_extensions", null);
    assertThat(FlatcarSlsaReader.atom("acct-user_systemd-network-0-r2.json.xz")).get()
        .extracting(PackageRecord::name, PackageRecord::version, PackageRecord::release)
        .containsExactly("systemd-network", "0-r2", "r2");
    assertThat(FlatcarSlsaReader.atom("sys-libs_glibc.json.xz")).isEmpty();
    assertThat(FlatcarSlsaReader.atom("glibc-2.38.json.xz")).isEmpty();
  }

  @Test
  void anOldFlatcarWithoutSlsaFilesIsNotAFailedRead(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("usr/share/flatcar"));
    Files.writeString(root.resolve("usr/share/flatcar/release"), "FLATCAR_RELEASE_VERSION=3033.2.4\n");

    Snapshot snapshot = ImageHostsTest.collect(root);

    assertThat(snapshot.errors()).isEmpty();
    assertThat(snapshot.packages()).isEmpty();
    assertThat(snapshot.complete()).isEmpty();
  }

  @Test
  void elsewhereNoInventoryIsStillSaidAndNamesEveryPlace(@TempDir Path root) {
    assertThat(ImageHostsTest.collect(root).errors()).extracting(ProbeError::error).singleElement()
        .asString().contains("no package database found", "/usr/share/bottlerocket/application-inventory.json",
            "/etc/cos-package-info.json", "/usr/share/spdx", "/usr/local/share/spdx", "/usr/share/SLSA");
  }
}
