package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.advisories.Distribution;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Which OSV ecosystems ({@code Debian:12}, {@code Alpine:v3.18}) an import takes. */
final class WantedEcosystems {
  private WantedEcosystems() {}

  /**
   * The ecosystems to import: the named ones, or by default those of the platforms present in the
   * fleet ({@code host.os.platform} of {@code <prefix>-nodes}).
   */
  static Predicate<String> of(ElasticsearchClient es, IndexLayout layout,
      List<String> ecosystems) throws IOException {
    if (ecosystems != null && !ecosystems.isEmpty()) {
      Set<String> names = new TreeSet<>();
      ecosystems.forEach(e -> names.add(e.toLowerCase(Locale.ROOT)));
      return ecosystem -> names.contains(ecosystemName(ecosystem));
    }
    Set<String> platforms = new TreeSet<>();
    var answer = es.search(s -> s.index(layout.nodes()).size(0).ignoreUnavailable(true)
        .aggregations("platforms", a -> a.terms(t -> t.field("host.os.platform").size(1000))), Void.class);
    var agg = answer.aggregations().get("platforms");
    if (agg != null) {
      agg.sterms().buckets().array().forEach(b -> platforms.add(b.key().stringValue()));
    }
    return ecosystem -> platforms.contains(ecosystemName(ecosystem)) || Distribution.of(ecosystem)
        .map(d -> platforms.contains(d.platform())).orElse(false);
  }

  private static String ecosystemName(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return (colon < 0 ? ecosystem : ecosystem.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

}
