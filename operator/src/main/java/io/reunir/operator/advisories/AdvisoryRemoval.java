package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.reunir.advisories.Fields;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Deletes the advisory documents an {@code AdvisorySource} imported before and its export no longer
 * holds. Run only after an import that read the whole export without an error: a record that could
 * not be read is not a record that left. Documents of ecosystems the source does not import now are
 * left alone (they match no node of the fleet), as are those another source wrote last.
 */
final class AdvisoryRemoval {
  static final String SOURCE_FIELD = "reunir.advisory.source";
  private static final String ECOSYSTEM_FIELD = "reunir.advisory.ecosystem";

  /** Ids kept of the documents removed; past them, the match runs whole instead. */
  static final int IDS_KEPT = 5_000;

  /** {@code count} documents deleted, the first {@link #IDS_KEPT} of them named. */
  record Removed(int count, List<String> ids) {
    boolean allNamed() {
      return ids.size() == count;
    }
  }

  private AdvisoryRemoval() {}

  /** The documents deleted; their findings are the match's to remove. */
  static Removed run(ElasticsearchClient es, IndexLayout layout, String source, SeenIds seen,
      Predicate<String> wantedEcosystem) throws IOException {
    var writer = new BulkWriter(es, layout.advisories());
    List<String> removed = new ArrayList<>();
    Query owned = Query.of(q -> q.term(t -> t.field(SOURCE_FIELD).value(source)));
    Scan.all(es, layout.advisories(), owned, List.of(ECOSYSTEM_FIELD), hit -> {
      String ecosystem = hit.source() == null ? null : Fields.text(hit.source(), ECOSYSTEM_FIELD);
      if (ecosystem != null && wantedEcosystem.test(ecosystem) && !seen.mightContain(hit.id())) {
        writer.delete(hit.id());
        if (removed.size() < IDS_KEPT) {
          removed.add(hit.id());
        }
      }
    });
    writer.flush();
    if (writer.errorCount() > 0) {
      throw new IOException("removing advisories that left the export: " + writer.errors().get(0));
    }
    return new Removed(writer.deleted(), List.copyOf(removed));
  }
}
