package io.reunir.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentKindsTest {
  private static final IndexLayout LAYOUT = new IndexLayout("reunir");

  @Test
  void everyIndexedKindHasAnIndexWhoseTemplateMapsTheFieldsTheReadBackAsksFor() {
    assertThat(DocumentKinds.indexed()).extracting(DocumentKind::name)
        .containsExactly("packages", "services", "containers");
    for (IndexedKind<?> kind : DocumentKinds.indexed()) {
      assertThat(IndexLayout.NAMES).contains(kind.name());
      ObjectNode properties = (ObjectNode) IndexTemplates.mappings(kind.name(), "reunir")
          .path("properties");
      for (String field : kind.sourceFields()) {
        assertThat(properties.at("/" + field.replace(".", "/properties/")).isMissingNode())
            .as(kind.name() + " maps " + field).isFalse();
      }
    }
    assertThat(new HashSet<>(DocumentKinds.ALL.stream().map(DocumentKind::name).toList()))
        .hasSameSizeAs(DocumentKinds.ALL);
  }

  @Test
  void aConcreteIndexNamesItsKindAndOnlyItsKind() {
    assertThat(DocumentKinds.ofConcreteIndex(LAYOUT, "reunir-services-v1")).map(DocumentKind::name)
        .contains("services");
    assertThat(DocumentKinds.ofConcreteIndex(LAYOUT, "reunir-packages-v2")).map(DocumentKind::name)
        .contains("packages");
    assertThat(DocumentKinds.ofConcreteIndex(LAYOUT, "reunir-nodes-v1")).isEmpty();
    assertThat(DocumentKinds.ofConcreteIndex(LAYOUT, "other-packages-v1")).isEmpty();
    assertThat(DocumentKinds.ofConcreteIndex(LAYOUT, "reunir-containers-v1")).map(DocumentKind::name)
        .contains("containers");
    assertThat(DocumentKinds.ofConcreteIndex(LAYOUT, "reunir-images-v1")).isEmpty();
    assertThat(DocumentKinds.aliases(LAYOUT)).isEqualTo("reunir-packages,reunir-services,reunir-containers");
    assertThatThrownBy(() -> DocumentKinds.indexed("processes")).hasMessageContaining("'processes'");
  }

  /** What a kind reads back from a document is what it made of the record the document renders. */
  @Test
  void theReadBackSubjectOfARenderedDocumentIsTheRecordsSubject() throws Exception {
    var snapshot = Snapshot.builder("scan-1", Instant.parse("2026-01-01T00:00:00Z"))
        .nodeName("node-a")
        .addPackages(List.of(new PackageRecord("rpm", "kernel", "5.14.0-1.el9", "x86_64", null, "1.el9",
            null, null, null, null)))
        .addServices(List.of(new ServiceRecord("sshd.service", "running", "running", "enabled", 812L,
            "/usr/sbin/sshd", "openssh-server", false, "proc")))
        .addContainers(List.of(new ContainerRecord("c0ffee", "cri-o",
            new ContainerRecord.PodRef("shop", "web-1", "uid-1", "web"), "debian:12", List.of(), null,
            ContainerRecord.Content.read(new ImageRecord("f1nger", null, List.of())))))
        .build();
    var context = new DocumentContext("c", "p", "1");
    var json = JsonMapper.builder().build();
    for (IndexedKind<?> kind : DocumentKinds.indexed()) {
      assertSubjectsMatch(kind, snapshot, context, json);
    }
  }

  private static <R> void assertSubjectsMatch(IndexedKind<R> kind, Snapshot snapshot,
      DocumentContext context, JsonMapper json) throws Exception {
    var documents = kind.render(snapshot, context);
    for (R record : kind.records(snapshot)) {
      var source = json.readTree(documents.next().toString());
      assertThat(kind.subject(source)).as(kind.name()).isEqualTo(kind.subject(record));
      assertThat(kind.subject(record).name()).isNotNull();
    }
    assertThat(kind.records(snapshot)).as(kind.name()).isNotEmpty();
  }
}
