package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.contract.version.ApkVersionKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PackageDocumentTest {
  private static final Snapshot SNAPSHOT = Snapshot.builder("scan-1", Instant.EPOCH).build();

  private static PackageRecord apk(String version) {
    return new PackageRecord("apk", "musl", version, "x86_64", null, "r3", "musl", version, 10L, null, null);
  }

  @Test
  void carriesTheVersionKey() {
    var doc = Documents.packageDoc(SNAPSHOT, DocumentContext.local(), apk("1.2.2-r3"), false);
    assertThat(doc.at("/reunir/package/version_key").asText()).isEqualTo(ApkVersionKey.of("1.2.2-r3"));
  }

  @Test
  void aVersionWithoutAKeyStillMakesADocument() {
    var doc = Documents.packageDoc(SNAPSHOT, DocumentContext.local(), apk("1.0bc"), false);
    assertThat(doc.at("/reunir/package/version_key").isMissingNode()).isTrue();
    assertThat(doc.at("/package/version").asText()).isEqualTo("1.0bc");
    assertThat(doc.at("/package/name").asText()).isEqualTo("musl");
  }
}
