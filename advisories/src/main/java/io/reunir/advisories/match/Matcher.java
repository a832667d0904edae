package io.reunir.advisories.match;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.advisories.AdvisoryDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Matches advisory documents against one host's package documents, in memory. */
public final class Matcher {
  private final List<? extends JsonNode> packageDocs;
  private final Instant matchedAt;

  public Matcher(List<? extends JsonNode> packageDocs, Instant matchedAt) {
    this.packageDocs = packageDocs;
    this.matchedAt = matchedAt;
  }

  /** The findings of one advisory document: none for a withdrawn one. */
  public List<Finding> match(AdvisoryDocument advisory) {
    Optional<MatchRule> rule = MatchRule.of(advisory);
    if (rule.isEmpty()) {
      return List.of();
    }
    var findings = new ArrayList<Finding>();
    for (JsonNode doc : packageDocs) {
      if (rule.get().matches(doc)) {
        findings.add(Finding.of(advisory, doc, matchedAt));
      }
    }
    return findings;
  }
}
