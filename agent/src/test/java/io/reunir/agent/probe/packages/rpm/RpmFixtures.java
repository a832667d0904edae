package io.reunir.agent.probe.packages.rpm;

import io.reunir.agent.model.PackageRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test resources and the rendering used to compare with rpm's own {@code -qa} output. */
final class RpmFixtures {
  private RpmFixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(RpmFixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> expected(Path tsv) throws IOException {
    return Files.readAllLines(tsv).stream().filter(l -> !l.isBlank()).sorted().toList();
  }

  /** The line {@code rpm -qa --qf '%{NAME}\t[E:]V-R\t%{ARCH}\t%{SOURCERPM}\n'} prints. */
  static String line(PackageRecord p) {
    String sourceRpm = "(none)";
    if (p.source() != null) {
      String v = p.sourceVersion();
      String withoutEpoch = v.substring(v.indexOf(':') + 1);
      sourceRpm = p.source() + "-" + withoutEpoch + ".src.rpm";
    }
    String arch = p.architecture() == null ? "(none)" : p.architecture();
    return p.name() + "\t" + p.version() + "\t" + arch + "\t" + sourceRpm;
  }

  static List<String> lines(List<PackageRecord> packages) {
    return packages.stream().map(RpmFixtures::line).sorted().toList();
  }
}
