package io.reunir.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.agent.model.PackageRecord;
import io.reunir.contract.version.VersionKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an OSV export of the shape the distributions publish (osv.dev's {@code <ecosystem>/all.zip},
 * one JSON file per record) for the advisory benchmark, from the fleet simulator's own package lists:
 * Debian and Ubuntu records name the fleet's source packages, so a Debian 12 record is about packages
 * the simulated nodes have, and its fixed version is placed against the version they run — mostly
 * below it (fixed long ago), sometimes above it (a fix not yet installed), sometimes absent (no fix
 * yet). Alpine and AlmaLinux records have their own version schemes and match no simulated node, as
 * a fleet's foreign ecosystems do. One CVE gets a record in several distributions, as in real data.
 *
 * <p>{@code changed} rewrites every hundredth record (a later {@code modified} and a longer text),
 * as a feed's next day does, for the incremental import.
 */
public final class OsvExport {
  /** Shares of a Debian 12 entry: a fix above the fleet's version, no fix yet, inclusive last_affected. */
  private static final double HIT_FIXED = 0.024;
  private static final double HIT_LAST_AFFECTED = 0.006;
  private static final double NO_FIX = 0.02;
  private static final double WITHDRAWN = 0.002;
  private static final int CHANGED_EVERY = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2019-01-01T00:00:00Z");
  private static final String[] UBUNTU = {"Ubuntu:Pro:18.04:LTS", "Ubuntu:20.04:LTS", "Ubuntu:22.04:LTS",
      "Ubuntu:24.04:LTS"};
  private static final String[] ALPINE = {"v3.18", "v3.19", "v3.20", "v3.21"};
  private static final String[] URGENCY = {"low", "medium", "high", "unimportant", "not yet assigned"};
  private static final String[] PRIORITY = {"negligible", "low", "medium", "high", "critical"};
  private static final String[] RATING = {"Low", "Moderate", "Important", "Critical"};
  private static final String[] RPM_SUFFIXES = {"", "-libs", "-devel", "-tools", "-doc", "-common"};
  private static final String[] VECTORS = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:L"};

  /** A source package of the fleet: its version on the simulated nodes and its binaries. */
  record Source(String name, String version, List<String> binaries) {}

  /** What was written: records and advisory documents in all, and those of the changed records. */
  record Written(int records, int documents, long jsonBytes, int changedRecords, int changedDocuments,
      int debian12Hits) {}

  private final List<Source> sources;
  private final boolean changed;
  private int documents;
  private int changedRecords;
  private int changedDocuments;
  private int debian12Hits;
  private long jsonBytes;

  private OsvExport(List<Source> sources, boolean changed) {
    this.sources = sources;
    this.changed = changed;
  }

  /**
   * {@code OsvExport INDEX_STATUS RECORDS OUT_DIR CHANGED_DIR}: the export and its next-day copy, from
   * this machine's dpkg status and the index status the fleet simulator reads. Prints key=value lines.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: OsvExport INDEX_STATUS RECORDS OUT_DIR CHANGED_DIR");
      System.exit(2);
    }
    var sources = sources(FleetSim.parse(Path.of("/var/lib/dpkg/status")), FleetSim.parse(Path.of(args[0])));
    int records = Integer.parseInt(args[1]);
    var export = write(Path.of(args[2]), sources, records, 42, false);
    var changed = write(Path.of(args[3]), sources, records, 42, true);
    if (changed.documents() != export.documents()) {
      throw new IllegalStateException("the changed export has " + changed.documents() + " documents, not "
          + export.documents());
    }
    System.out.printf("osv_records=%d%nosv_documents=%d%nosv_json_bytes=%d%nosv_changed_records=%d%n"
            + "osv_changed_documents=%d%nosv_debian12_hits=%d%nosv_sources=%d%n", export.records(),
        export.documents(), export.jsonBytes(), export.changedRecords(), export.changedDocuments(),
        export.debian12Hits(), sources.size());
  }

  /** The fleet's source packages: the base's and the index's, with the base's version where both. */
  static List<Source> sources(List<PackageRecord> base, List<PackageRecord> index) {
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, List<String>> binaries = new LinkedHashMap<>();
    for (List<PackageRecord> list : List.of(base, index)) {
      for (PackageRecord p : list) {
        versions.putIfAbsent(p.source(), p.sourceVersion());
        var names = binaries.computeIfAbsent(p.source(), s -> new ArrayList<>());
        if (!names.contains(p.name())) {
          names.add(p.name());
        }
      }
    }
    var sources = new ArrayList<Source>();
    versions.forEach((name, version) -> sources.add(new Source(name, version, List.copyOf(binaries.get(name)))));
    return List.copyOf(sources);
  }

  /** Writes {@code records} records under {@code dir}, one {@code all.zip} per distribution. */
  static Written write(Path dir, List<Source> sources, int records, long seed, boolean changed)
      throws IOException {
    var export = new OsvExport(sources, changed);
    int alma = records / 10;
    int cves = records - alma;
    // Of the CVEs: every one has a Debian record, three in four an Ubuntu one, one in two an Alpine one.
    int debian = (int) Math.round(cves / 2.25);
    for (String distro : List.of("debian", "ubuntu", "alpine", "almalinux")) {
      Files.createDirectories(dir.resolve(distro));
    }
    int written = 0;
    try (var deb = zip(dir.resolve("debian/all.zip")); var ubu = zip(dir.resolve("ubuntu/all.zip"));
        var alp = zip(dir.resolve("alpine/all.zip")); var alm = zip(dir.resolve("almalinux/all.zip"))) {
      for (int i = 0; written < cves; i++) {
        var random = new Random(seed * 1_000_003L + i);
        Source source = sources.get(random.nextInt(sources.size()));
        String cve = "CVE-" + (2019 + i % 7) + "-" + (10000 + i);
        written += export.add(deb, export.debian(cve, source, random), written);
        if (i % 4 != 0 && written < cves) {
          written += export.add(ubu, export.ubuntu(cve, source, random), written);
        }
        if (i % 2 == 0 && written < cves && i < debian) {
          written += export.add(alp, export.alpine(cve, source, random), written);
        }
      }
      for (int i = 0; i < alma; i++) {
        var random = new Random(seed * 7_000_003L + i);
        written += export.add(alm, export.alma(i, sources.get(random.nextInt(sources.size())), random), written);
      }
    }
    return new Written(written, export.documents, export.jsonBytes, export.changedRecords,
        export.changedDocuments, export.debian12Hits);
  }

  private static ZipOutputStream zip(Path file) throws IOException {
    return new ZipOutputStream(Files.newOutputStream(file));
  }

  /** Adds one record as its own entry; returns 1. Every hundredth record is the one that changes. */
  private int add(ZipOutputStream zip, ObjectNode record, int number) throws IOException {
    int entries = record.withArray("affected").size();
    documents += entries;
    if (number % CHANGED_EVERY == CHANGED_EVERY / 2) {
      changedRecords++;
      changedDocuments += entries;
      if (changed) {
        record.put("modified", Instant.parse(record.get("modified").asText()).plusSeconds(86_400).toString());
        record.put("details", record.get("details").asText() + " Updated: the fix was backported.");
      }
    }
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
    jsonBytes += bytes.length;
    zip.putNextEntry(new ZipEntry(record.get("id").asText().replace(':', '-') + ".json"));
    zip.write(bytes);
    zip.closeEntry();
    return 1;
  }

  private ObjectNode debian(String cve, Source source, Random random) {
    var record = common("DEBIAN-" + cve, random);
    record.putArray("upstream").add(cve);
    record.put("details", details(cve, source.name(), random));
    severity(record, random);
    var affected = record.putArray("affected");
    boolean withdrawn = random.nextDouble() < WITHDRAWN;
    if (withdrawn) {
      record.put("withdrawn", record.get("modified").asText());
    }
    for (String release : List.of("11", "12", "13")) {
      String fixed;
      String lastAffected = null;
      double draw = random.nextDouble();
      if (!release.equals("12")) {
        fixed = release.equals("11") ? debTilde(source.version(), "deb11u1") : source.version() + "+b1";
      } else if (draw < HIT_FIXED) {
        fixed = above(source.version());
      } else if (draw < HIT_FIXED + HIT_LAST_AFFECTED) {
        fixed = null;
        lastAffected = source.version();
      } else if (draw < HIT_FIXED + HIT_LAST_AFFECTED + NO_FIX) {
        fixed = null;
      } else {
        fixed = debTilde(source.version(), "deb12u1");
      }
      if (release.equals("12") && draw < HIT_FIXED + HIT_LAST_AFFECTED + NO_FIX && !withdrawn) {
        debian12Hits++;
      }
      var entry = entry(affected, "Debian:" + release, source.name(), "pkg:deb/debian/" + source.name()
          + "?arch=source", "deb", fixed, lastAffected);
      entry.putObject("ecosystem_specific").put("urgency", URGENCY[random.nextInt(URGENCY.length)]);
    }
    record.putArray("references").addObject().put("type", "ADVISORY")
        .put("url", "https://security-tracker.debian.org/tracker/" + cve);
    return record;
  }

  private ObjectNode ubuntu(String cve, Source source, Random random) {
    var record = common("UBUNTU-" + cve, random);
    record.put("details", details(cve, source.name(), random));
    record.putArray("aliases");
    record.putArray("related").add(cve).add("USN-" + (5000 + random.nextInt(3000)) + "-1");
    severity(record, random);
    String upstream = upstream(source.version());
    var affected = record.putArray("affected");
    int first = random.nextInt(UBUNTU.length);
    for (int r = first; r < UBUNTU.length; r++) {
      String release = UBUNTU[r].replace("Pro:", "").split(":")[1];
      String fixed = random.nextDouble() < 0.1 ? null : upstream + "-1ubuntu0." + release + "." + (1 + r);
      var entry = entry(affected, UBUNTU[r], source.name(), "pkg:deb/ubuntu/" + source.name() + "?arch=src",
          "deb", fixed, null);
      var specific = entry.putObject("ecosystem_specific");
      var binaries = specific.putArray("binaries");
      for (String binary : source.binaries().subList(0, Math.min(8, source.binaries().size()))) {
        binaries.addObject().put("binary_name", binary).put("binary_version", fixed == null ? upstream : fixed);
      }
      specific.put("availability", UBUNTU[r].contains("Pro") ? "Available with Ubuntu Pro" : "No subscription required");
      specific.put("ubuntu_priority", PRIORITY[random.nextInt(PRIORITY.length)]);
    }
    record.putArray("references").addObject().put("type", "REPORT")
        .put("url", "https://ubuntu.com/security/" + cve);
    return record;
  }

  private ObjectNode alpine(String cve, Source source, Random random) {
    var record = common("ALPINE-" + cve, random);
    record.putArray("upstream").add(cve);
    record.put("details", details(cve, source.name(), random));
    String version = (1 + random.nextInt(9)) + "." + random.nextInt(40) + "." + random.nextInt(20);
    var affected = record.putArray("affected");
    int first = random.nextInt(ALPINE.length);
    for (int b = first; b < ALPINE.length; b++) {
      entry(affected, "Alpine:" + ALPINE[b], source.name(), "pkg:apk/alpine/" + source.name()
          + "?arch=source", "apk", version + "-r" + (b - first), null);
    }
    record.putArray("references").addObject().put("type", "ADVISORY")
        .put("url", "https://security.alpinelinux.org/vuln/" + cve);
    return record;
  }

  private ObjectNode alma(int number, Source source, Random random) {
    int release = random.nextBoolean() ? 8 : 9;
    var record = common("ALSA-" + (2021 + number % 5) + ":" + (1000 + number), random);
    String rating = RATING[random.nextInt(RATING.length)];
    record.put("summary", rating + ": " + source.name() + " security update");
    record.put("details", details("the listed CVEs", source.name(), random));
    var aliases = record.putArray("aliases");
    for (int c = 0; c <= random.nextInt(3); c++) {
      aliases.add("CVE-" + (2019 + c) + "-" + (60000 + number * 3 + c));
    }
    String fixed = random.nextInt(3) + ":" + (1 + random.nextInt(9)) + "." + random.nextInt(30) + "."
        + random.nextInt(15) + "-" + (1 + random.nextInt(60)) + ".el" + release + "_" + random.nextInt(6);
    var affected = record.putArray("affected");
    int binaries = 1 + random.nextInt(RPM_SUFFIXES.length);
    for (int b = 0; b < binaries; b++) {
      entry(affected, "AlmaLinux:" + release, source.name() + RPM_SUFFIXES[b], null, "rpm", fixed, null);
    }
    record.putArray("references").addObject().put("type", "ADVISORY")
        .put("url", "https://errata.almalinux.org/" + release + "/" + record.get("id").asText().replace(':', '-') + ".html");
    return record;
  }

  private static ObjectNode common(String id, Random random) {
    var record = JSON.createObjectNode();
    record.put("schema_version", "1.6.0");
    record.put("id", id);
    Instant published = START.plusSeconds(random.nextInt(7 * 365) * 86_400L);
    record.put("published", published.toString());
    record.put("modified", published.plusSeconds(random.nextInt(400) * 86_400L).toString());
    return record;
  }

  private static ObjectNode entry(ArrayNode affected, String ecosystem, String name, String purl, String type,
      String fixed, String lastAffected) {
    var entry = affected.addObject();
    var pkg = entry.putObject("package").put("ecosystem", ecosystem).put("name", name);
    if (purl != null) {
      pkg.put("purl", purl);
    }
    var events = entry.putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events");
    events.addObject().put("introduced", "0");
    if (fixed != null) {
      events.addObject().put("fixed", checked(type, fixed));
    }
    if (lastAffected != null) {
      events.addObject().put("last_affected", checked(type, lastAffected));
    }
    return entry;
  }

  /** The version, after the package manager's rules: one it would refuse ends the run here. */
  private static String checked(String type, String version) {
    VersionKey.of(type, version);
    return version;
  }

  private static void severity(ObjectNode record, Random random) {
    if (random.nextDouble() < 0.6) {
      record.putArray("severity").addObject().put("type", "CVSS_V3")
          .put("score", VECTORS[random.nextInt(VECTORS.length)]);
    }
  }

  private static String details(String cve, String name, Random random) {
    var text = new StringBuilder("In ").append(name).append(", ").append(cve)
        .append(": a crafted input can make the program read or write past a buffer");
    for (int s = random.nextInt(4); s > 0; s--) {
      text.append(", which an attacker able to send such input may use to crash it or run code");
    }
    return text.append('.').toString();
  }

  /** A version dpkg sorts above {@code version}: a later stable update, as a security upload is. */
  private static String above(String version) {
    return version + "+deb12u7";
  }

  /** A version dpkg sorts below {@code version}: the {@code ~} form of an older backported fix. */
  private static String debTilde(String version, String suffix) {
    return version + "~" + suffix;
  }

  /** The upstream part of a Debian version, for Ubuntu's own revisions of the same upstream. */
  private static String upstream(String version) {
    int colon = version.indexOf(':');
    int hyphen = version.lastIndexOf('-');
    return hyphen > colon ? version.substring(0, hyphen) : version;
  }
}
