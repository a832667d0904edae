package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.contract.index.IndexLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One pass of an {@code AdvisorySource}: import the export, remove what left it, then match only
 * what changed — the advisory documents the import wrote or removed, and the nodes whose agents
 * recorded a package change since the last pass (and those still running fixed packages' old code).
 * A whole match runs on the first pass, once a day, and when more changed than is worth naming,
 * so whatever an incremental pass could miss (an event that reached Elasticsearch more than
 * {@link #CHANGES_LOOKBACK} late) is caught within a day.
 */
final class AdvisoryPass {
  static final Duration FULL_MATCH_EVERY = Duration.ofHours(24);
  /** Agents' events carry their collection time and may arrive late (Elasticsearch was down). */
  static final Duration CHANGES_LOOKBACK = Duration.ofHours(1);
  static final int CHANGED_KEPT = 5_000;

  /**
   * @param removed null when the import had errors, so nothing was removed
   * @param lastFullMatch when the whole match last ran (this pass, if {@code full})
   * @param changesMatchedUntil the time up to which package changes are matched
   */
  record Outcome(ImportReport imported, AdvisoryRemoval.Removed removed, MatchReport match, boolean full,
      Instant lastFullMatch, Instant changesMatchedUntil) {}

  private AdvisoryPass() {}

  static Outcome run(ElasticsearchClient es, IndexLayout layout, String source, Predicate<String> wanted,
      Path export, Instant lastFullMatch, Instant changesMatchedUntil, Clock clock) throws IOException {
    Instant start = clock.instant();
    List<AdvisoryDocument> changed = new ArrayList<>();
    int[] changes = {0};
    var importer = new AdvisoryImport(es, layout, source, wanted, doc -> {
      if (changes[0]++ < CHANGED_KEPT) {
        changed.add(doc);
      }
    });
    ImportReport imported = importer.run(export);
    AdvisoryRemoval.Removed removed = imported.clean()
        ? AdvisoryRemoval.run(es, layout, source, importer.seen(), wanted) : null;
    es.indices().refresh(r -> r.index(layout.advisories(), layout.findings()).ignoreUnavailable(true));
    var matcher = new FindingsMatch(es, layout, clock);
    boolean full = lastFullMatch == null || changesMatchedUntil == null
        || !start.isBefore(lastFullMatch.plus(FULL_MATCH_EVERY)) || changes[0] > CHANGED_KEPT
        || (removed != null && !removed.allNamed());
    if (full) {
      matcher.matchAll();
    } else {
      for (AdvisoryDocument doc : changed) {
        matcher.match(doc);
      }
      if (removed != null) {
        for (String id : removed.ids()) {
          matcher.removeAdvisory(id);
        }
      }
      Set<String> hosts = new TreeSet<>(matcher.hostsChangedSince(changesMatchedUntil.minus(CHANGES_LOOKBACK)));
      hosts.addAll(matcher.hostsRunningOldCode());
      matcher.matchHosts(hosts);
      matcher.removeDepartedNodes();
    }
    return new Outcome(imported, removed, matcher.report(), full, full ? start : lastFullMatch, start);
  }
}
