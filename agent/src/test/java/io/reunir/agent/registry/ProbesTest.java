package io.reunir.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.model.DocumentKinds;
import io.reunir.agent.probe.Probe;
import io.reunir.contract.config.AgentConfig;
import io.reunir.contract.probe.ProbeCatalogue;
import io.reunir.agent.probe.files.FilesProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesTest {

  @Test
  void defaultsAreEverythingButTheOptInProbesAndAgreeWithTheConfigDefaults() {
    assertThat(Probes.DEFAULT).contains("os", "hardware", "kubernetes").doesNotContain("files");
    assertThat(AgentConfig.DEFAULT_PROBES).containsAll(Probes.DEFAULT);
    assertThat(Probes.known()).containsAll(Probes.DEFAULT).contains("files");
  }

  @Test
  void everyRegisteredProbeHasACatalogueEntryAndEveryEntryAProbe() {
    assertThat(Probes.known()).containsExactlyElementsOf(ProbeCatalogue.names());
    for (Probe probe : Probes.named(Probes.known())) {
      var entry = ProbeCatalogue.entry(probe.name());
      assertThat(probe.readsHost()).as(probe.name()).isEqualTo(entry.readsHost());
      // A kind a probe lists is one the delta planner knows how to keep and delete.
      probe.kinds().forEach(kind -> assertThat(DocumentKinds.indexed(kind).name()).isEqualTo(kind));
    }
    assertThat(Probes.DEFAULT).isEqualTo(AgentConfig.DEFAULT_PROBES);
  }

  @Test
  void settingsReachTheProbesThatNeedThem() {
    var probes = Probes.named(List.of("files", "os"), new ProbeSettings(List.of("/etc/a"), null));

    assertThat(probes).extracting(Probe::name).containsExactly("files", "os");
    assertThat(probes.get(0)).isInstanceOf(FilesProbe.class);
    assertThat(Probes.named(List.of("hardware", "kubernetes")))
        .extracting(Probe::name)
        .containsExactly("hardware", "kubernetes");
    assertThatThrownBy(() -> Probes.named(List.of("nope"))).hasMessageContaining("'nope'");
  }

  @Test
  void theConfigsFilesBecomeTheFilesProbesPaths() throws Exception {
    var config =
        AgentConfig.parse(
            """
            {"files": ["/etc/ssh/sshd_config"], "elasticsearch": {"urls": ["http://es:9200"]}}\
            """);

    assertThat(ProbeSettings.from(config, null).files()).containsExactly("/etc/ssh/sshd_config");
  }
}
