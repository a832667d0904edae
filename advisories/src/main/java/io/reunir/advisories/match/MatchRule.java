package io.reunir.advisories.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AffectedRange;
import io.reunir.advisories.Distribution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What an installed package must be for one advisory document to affect it: the distribution and
 * release of its host, its package type, its name or its source package's name, and a version key in
 * the affected interval. One definition with two readings: {@link #matches} for one host in memory
 * ({@code reunir-agent match}) and {@link #query} for the packages index of a whole fleet, so the two
 * can never disagree on what "affected" means.
 */
public record MatchRule(List<Clause> clauses) {

  /** The rule of an advisory document; empty for a withdrawn one, which affects nothing. */
  public static Optional<MatchRule> of(AdvisoryDocument advisory) {
    AffectedRange range = advisory.range();
    if (range == null) {
      return Optional.empty();
    }
    var clauses = new ArrayList<Clause>();
    Distribution distribution = advisory.distribution();
    if (distribution.platform() != null) {
      clauses.add(new Clause.Term(PackageFields.OS_PLATFORM, distribution.platform()));
    }
    switch (distribution.scope()) {
      case VERSION -> clauses.add(new Clause.AnyOf(List.of(
          new Clause.Term(PackageFields.OS_VERSION, distribution.release()),
          new Clause.Prefix(PackageFields.OS_VERSION, distribution.release() + "."))));
      case PRETTY_NAME -> clauses.add(new Clause.Term(PackageFields.OS_FULL, distribution.release()));
      case ROLLING -> { }
    }
    clauses.add(new Clause.Term(PackageFields.TYPE, distribution.packageType()));
    clauses.add(new Clause.AnyOf(List.of(new Clause.Term(PackageFields.NAME, advisory.packageName()),
        new Clause.Term(PackageFields.SOURCE, advisory.packageName()))));
    String upper = range.fixedKey();
    if (range.limitKey() != null && (upper == null || range.limitKey().compareTo(upper) < 0)) {
      upper = range.limitKey();
    }
    if (range.introducedKey() != null || upper != null || range.lastAffectedKey() != null) {
      clauses.add(new Clause.Range(PackageFields.VERSION_KEY, range.introducedKey(), upper,
          range.lastAffectedKey()));
    }
    return Optional.of(new MatchRule(List.copyOf(clauses)));
  }

  public boolean matches(JsonNode packageDoc) {
    return clauses.stream().allMatch(c -> c.test(packageDoc));
  }

  /** The Elasticsearch query (a {@code bool} of filters) selecting the affected package documents. */
  public ObjectNode query() {
    ObjectNode q = JsonNodeFactory.instance.objectNode();
    ObjectNode bool = q.putObject("bool");
    clauses.forEach(c -> bool.withArray("filter").add(c.query()));
    return q;
  }

  /**
   * The same selection when the installed version keys this rule {@link #matches} are known: the
   * version range becomes a {@code terms} on those keys. Elasticsearch evaluates a keyword range
   * over every document in range before the name narrows it; a few exact keys it looks up.
   */
  public ObjectNode query(Collection<String> matchedVersionKeys) {
    ObjectNode q = JsonNodeFactory.instance.objectNode();
    ObjectNode bool = q.putObject("bool");
    for (Clause c : clauses) {
      if (!(c instanceof Clause.Range range && range.field().equals(PackageFields.VERSION_KEY))) {
        bool.withArray("filter").add(c.query());
      }
    }
    var keys = bool.withArray("filter").addObject().putObject("terms").putArray(PackageFields.VERSION_KEY);
    new TreeSet<>(matchedVersionKeys).forEach(keys::add);
    return q;
  }
}
