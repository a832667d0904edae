package io.reunir.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reunir.agent.config.AgentConfig;
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
