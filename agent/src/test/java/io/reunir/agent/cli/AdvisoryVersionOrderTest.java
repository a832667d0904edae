package io.reunir.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.advisories.AdvisoryDocument;
import io.reunir.advisories.AdvisoryDocuments;
import io.reunir.advisories.osv.OsvReader;
import io.reunir.agent.testing.DpkgCompare;
import io.reunir.contract.version.VersionKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deb bounds of the advisory fixtures, against installed versions around them, ordered by their
 * version keys exactly as this machine's {@code dpkg --compare-versions} orders the versions: what
 * makes a range query on {@code reunir.package.version_key} the distribution's own comparison.
 */
class AdvisoryVersionOrderTest {
  @Test
  void debBoundsOrderAsDpkgOrdersThem(@TempDir Path tmp) throws Exception {
    Set<String> bounds = new LinkedHashSet<>();
    OsvReader.read(Path.of("../advisories/src/test/resources/osv"), advisory -> {
      for (AdvisoryDocument doc : AdvisoryDocuments.of(advisory).documents()) {
        if (doc.distribution().packageType().equals("deb") && doc.range() != null) {
          for (String v : new String[] {doc.range().introduced(), doc.range().fixed(), doc.range().lastAffected(),
              doc.range().limit()}) {
            if (v != null) {
              bounds.add(v);
            }
          }
        }
      }
    });
    assertThat(bounds).contains("2.80-1+deb10u1", "2:2.9.0-21+deb11u3", "2.90-4~deb12u1",
        "2.86-1.1ubuntu0.3", "2.68-1ubuntu0.2+esm2");
    List<String> installed = List.of("2.80-1", "2.80-1+deb10u1", "2.80-1+deb10u1+b1", "2.80-1+deb10u2",
        "2.80-1.1", "2.89-1", "2.90-4", "2.90-4~deb12u1", "2.90-4~deb11u1", "2.90-3", "2.86-1.1",
        "2.86-1.1ubuntu0.2", "2.86-1.1ubuntu0.3~esm1", "2.86-1.1ubuntu0.10", "2.68-1ubuntu0.2",
        "2.68-1ubuntu0.2+esm1", "2:2.9.0-21", "2:2.9.0-21+deb11u2", "2:2.10-12", "1:9.9-1", "2.9.0-21+deb11u3",
        "0:2.80-1", "4.2-1", "4.2-1.1", "5.5-0");
    var pairs = new ArrayList<String[]>();
    for (String bound : bounds) {
      for (String version : installed) {
        pairs.add(new String[] {version, bound});
      }
    }

    int[] dpkg = DpkgCompare.compare(pairs, tmp);

    for (int i = 0; i < pairs.size(); i++) {
      String[] pair = pairs.get(i);
      int keys = Integer.signum(VersionKey.of("deb", pair[0]).compareTo(VersionKey.of("deb", pair[1])));
      assertThat(keys).as("%s against %s", pair[0], pair[1]).isEqualTo(dpkg[i]);
    }
  }
}
