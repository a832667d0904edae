package io.reunir.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.advisories.osv.OsvAdvisory;
import io.reunir.contract.version.VersionKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an OSV record into advisory documents, one per (package, distribution release, interval of
 * affected versions), with the bounds' version keys computed by the contract's {@link VersionKey}, the
 * code that computes the agent's {@code reunir.package.version_key}: so "installed key in
 * [introduced key, fixed key)" is the package manager's own comparison, epochs included.
 *
 * <p>Decisions: only {@code ECOSYSTEM} ranges are read ({@code versions} lists are incomplete in many
 * records and say nothing a range does not); events are sorted by version and walked as the OSV
 * evaluation algorithm walks them, so several introduced/fixed pairs give several intervals; a
 * {@code limit} bounds every interval of its range; an entry of an ecosystem {@link Distribution}
 * does not know is skipped and counted, not an error.
 */
public final class AdvisoryDocuments {
  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

  private AdvisoryDocuments() {}

  /**
   * What one record gave. {@code unknownEcosystems} counts affected entries skipped because their
   * ecosystem is not a distribution we map; {@code unmatchable} entries of known ecosystems that have
   * no {@code ECOSYSTEM} range; {@code problems} are entries that could not be converted (a version
   * the package manager would refuse), each naming the record and the entry.
   */
  public record Conversion(List<AdvisoryDocument> documents, int unknownEcosystems, int unmatchable,
      List<String> problems) {}

  public static Conversion of(OsvAdvisory advisory) {
    var documents = new ArrayList<AdvisoryDocument>();
    var problems = new ArrayList<String>();
    int unknown = 0;
    int unmatchable = 0;
    List<String> aliases = cveIds(advisory);
    List<String> references = advisory.references().stream().map(OsvAdvisory.Reference::url).toList();
    String url = advisory.references().stream().filter(r -> "ADVISORY".equals(r.type()))
        .map(OsvAdvisory.Reference::url).findFirst()
        .orElse(references.isEmpty() ? null : references.get(0));
    List<String> related = advisory.related().stream().filter(r -> !CVE.matcher(r).matches()).toList();
    for (int i = 0; i < advisory.affected().size(); i++) {
      OsvAdvisory.Affected affected = advisory.affected().get(i);
      Optional<Distribution> distribution = Distribution.of(affected.ecosystem());
      if (distribution.isEmpty()) {
        unknown++;
        continue;
      }
      var base = new AdvisoryDocument(advisory.id(), aliases, related, advisory.summary(),
          Severity.of(advisory, affected), advisory.published(), advisory.modified(),
          advisory.withdrawn(), affected.ecosystem(), distribution.get(), affected.name(),
          affected.purl(), binaries(affected.ecosystemSpecific()), 0, null,
          AdvisoryDocument.Status.WITHDRAWN, references, url);
      if (advisory.withdrawn() != null) {
        documents.add(base);
        continue;
      }
      List<AffectedRange> ranges;
      try {
        ranges = ranges(affected, distribution.get().packageType());
      } catch (IllegalArgumentException e) {
        problems.add(advisory.id() + ": affected[" + i + "] (" + affected.ecosystem() + " "
            + affected.name() + "): " + e.getMessage());
        continue;
      }
      if (ranges.isEmpty()) {
        unmatchable++;
      }
      for (int r = 0; r < ranges.size(); r++) {
        AffectedRange range = ranges.get(r);
        documents.add(new AdvisoryDocument(base.advisoryId(), aliases, related, base.summary(),
            base.severity(), base.published(), base.modified(), null, base.ecosystem(),
            base.distribution(), base.packageName(), base.purl(), base.binaries(), r, range,
            range.hasFix() ? AdvisoryDocument.Status.FIXED : AdvisoryDocument.Status.NO_FIX,
            references, url));
      }
    }
    return new Conversion(List.copyOf(documents), unknown, unmatchable, List.copyOf(problems));
  }

  /**
   * The CVE ids an advisory is about: its own id when it is one or embeds one (Debian's, Ubuntu's and
   * Alpine's per-CVE records are {@code DEBIAN-CVE-…}, {@code UBUNTU-CVE-…}, {@code ALPINE-CVE-…}),
   * and those in {@code aliases}, {@code upstream} and {@code related}, bare or embedded the same way
 * (a USN's {@code upstream} lists {@code UBUNTU-CVE-…} ids).
   */
  static List<String> cveIds(OsvAdvisory advisory) {
    Set<String> ids = new LinkedHashSet<>();
    var all = new ArrayList<String>();
    all.add(advisory.id());
    all.addAll(advisory.aliases());
    all.addAll(advisory.upstream());
    all.addAll(advisory.related());
    for (String id : all) {
      Matcher m = CVE.matcher(id);
      if (m.find()) {
        ids.add(m.group());
      }
    }
    return List.copyOf(ids);
  }

  private static List<String> binaries(JsonNode ecosystemSpecific) {
    var names = new ArrayList<String>();
    for (JsonNode binary : ecosystemSpecific.path("binaries")) {
      String name = binary.isTextual() ? binary.asText() : binary.path("binary_name").asText(null);
      if (name != null && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private record Bound(String kind, String version, String key) {}

  static List<AffectedRange> ranges(OsvAdvisory.Affected affected, String type) {
    var intervals = new ArrayList<AffectedRange>();
    for (OsvAdvisory.Range range : affected.ranges()) {
      if (!range.type().equals("ECOSYSTEM")) {
        continue;
      }
      var bounds = new ArrayList<Bound>();
      String limit = null;
      String limitKey = null;
      boolean unlimited = false;
      for (OsvAdvisory.Event event : range.events()) {
        if (event.kind().equals("limit")) {
          if (event.version().contains("*")) {
            unlimited = true;
          } else {
            String key = key(type, event);
            if (limitKey == null || key.compareTo(limitKey) > 0) {
              limit = event.version();
              limitKey = key;
            }
          }
        } else if (event.kind().equals("introduced") && event.version().equals("0")) {
          bounds.add(new Bound("introduced", null, null));
        } else {
          bounds.add(new Bound(event.kind(), event.version(), key(type, event)));
        }
      }
      if (unlimited) {
        limit = null;
        limitKey = null;
      }
      bounds.sort(Comparator.comparing(Bound::key, Comparator.nullsFirst(Comparator.naturalOrder())));
      Bound open = null;
      for (Bound bound : bounds) {
        if (bound.kind().equals("introduced")) {
          open = open == null ? bound : open;
        } else if (open != null) {
          boolean fixed = bound.kind().equals("fixed");
          intervals.add(new AffectedRange(open.version(), open.key(), fixed ? bound.version() : null,
              fixed ? bound.key() : null, fixed ? null : bound.version(), fixed ? null : bound.key(),
              limit, limitKey));
          open = null;
        }
      }
      if (open != null) {
        intervals.add(new AffectedRange(open.version(), open.key(), null, null, null, null, limit,
            limitKey));
      }
    }
    return intervals;
  }

  private static String key(String type, OsvAdvisory.Event event) {
    try {
      return VersionKey.of(type, event.version());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(event.kind() + " version is not a valid " + type + " version");
    }
  }
}
