package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.Fields;
import io.reunir.advisories.match.MatchRule;
import io.reunir.advisories.match.PackageFields;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which advisory documents affect something an index holds, and at which version keys: the index's
 * distinct installed versions ({@link InstalledVersions}) against the advisory documents of their
 * names, decided in memory by {@link MatchRule#matches}. The nodes' packages and the images' packages
 * carry the same fields, so one computation serves the host match and the container match.
 */
final class AffectedAdvisories {
  /** An advisory document and the installed version keys its rule matched. */
  record Affected(AdvisoryDocument advisory, MatchRule rule, Set<String> versionKeys) {}

  interface AdvisorySink {
    void accept(AdvisoryDocument advisory) throws IOException;
  }

  private AffectedAdvisories() {}

  /** By advisory document id; an advisory document that cannot be read is an error in {@code out}. */
  static Map<String, Affected> of(ElasticsearchClient es, IndexLayout layout, String packagesIndex,
      BulkWriter out) throws IOException {
    Map<String, Affected> affected = new TreeMap<>();
    InstalledVersions.pages(es, packagesIndex, entries -> {
      Map<String, List<JsonNode>> byName = byName(entries);
      forNames(es, layout, byName.keySet(), out, advisory -> {
        Optional<MatchRule> rule = MatchRule.of(advisory);
        for (JsonNode entry : byName.getOrDefault(advisory.packageName(), List.of())) {
          if (rule.isPresent() && rule.get().matches(entry)) {
            affected.computeIfAbsent(advisory.id(), id -> new Affected(advisory, rule.get(), new TreeSet<>()))
                .versionKeys().add(Fields.text(entry, PackageFields.VERSION_KEY));
          }
        }
      });
    });
    return affected;
  }

  /** Every advisory document naming one of {@code names}; one that cannot be read is an error. */
  static void forNames(ElasticsearchClient es, IndexLayout layout, Collection<String> names, BulkWriter out,
      AdvisorySink sink) throws IOException {
    for (List<String> chunk : Scan.chunks(new ArrayList<>(new TreeSet<>(names)))) {
      Query candidates = Query.of(q -> q.terms(t -> t.field(PackageFields.NAME)
          .terms(v -> v.value(chunk.stream().map(FieldValue::of).toList()))));
      Scan.all(es, layout.advisories(), candidates, null, hit -> {
        AdvisoryDocument advisory;
        try {
          advisory = StoredAdvisory.of(hit.id(), hit.source());
        } catch (IllegalArgumentException e) {
          out.error(e.getMessage());
          return;
        }
        sink.accept(advisory);
      });
    }
  }

  /** Package documents (or installed versions) by their name and by their source package's name. */
  static Map<String, List<JsonNode>> byName(List<? extends JsonNode> docs) {
    Map<String, List<JsonNode>> byName = new HashMap<>();
    for (JsonNode doc : docs) {
      Set<String> names = new HashSet<>();
      names.add(Fields.text(doc, PackageFields.NAME));
      names.add(Fields.text(doc, PackageFields.SOURCE));
      names.remove(null);
      names.forEach(name -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(doc));
    }
    return byName;
  }
}
