package io.reunir.operator.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.osv.OsvReader;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class StoredAdvisoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The full match reads advisories back from the index: what it reads must be what was imported. */
  @Test
  void everyFixtureDocumentReadsBackAsItWasWritten() throws Exception {
    var documents = new ArrayList<AdvisoryDocument>();
    for (String dir : new String[] {"distros", "constructed"}) {
      OsvReader.read(Path.of("../advisories/src/test/resources/osv", dir),
          a -> documents.addAll(AdvisoryDocuments.of(a).documents()));
    }
    assertThat(documents).hasSizeGreaterThan(20)
        .anyMatch(d -> d.status() == AdvisoryDocument.Status.WITHDRAWN)
        .anyMatch(d -> d.range() != null && d.range().limit() != null || d.range() != null && d.range().lastAffected() != null);
    for (AdvisoryDocument doc : documents) {
      // Through JSON text, as a search hit's _source arrives.
      var source = JSON.readTree(doc.toDocument().toString());
      assertThat(StoredAdvisory.of(doc.id(), source)).as(doc.id()).isEqualTo(doc);
    }
  }

  @Test
  void aDocumentOfAnUnknownEcosystemIsAnErrorNamingIt() throws Exception {
    var source = JSON.readTree("{\"reunir\":{\"advisory\":{\"ecosystem\":\"Nowhere:1\",\"status\":\"fixed\"}}}");
    assertThatThrownBy(() -> StoredAdvisory.of("X-1/Nowhere:1/p/0", source))
        .hasMessageContaining("X-1/Nowhere:1/p/0").hasMessageContaining("Nowhere:1");
  }
}
