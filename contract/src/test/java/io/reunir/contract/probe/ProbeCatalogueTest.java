package io.reunir.contract.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.reunir.contract.config.AgentConfig;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ProbeCatalogueTest {
  @Test
  void theAnnotationConstantSaysTheSameDefaultsAsTheEntries() throws Exception {
    String[] parsed = JsonMapper.builder().build().readValue(ProbeCatalogue.DEFAULTS_JSON, String[].class);
    assertThat(parsed).containsExactlyElementsOf(ProbeCatalogue.defaults());
    assertThat(AgentConfig.DEFAULT_PROBES).isEqualTo(ProbeCatalogue.defaults());
    assertThat(ProbeCatalogue.defaults()).contains(ProbeCatalogue.OS)
        .doesNotContain(ProbeCatalogue.PROCESSES, ProbeCatalogue.FILES, ProbeCatalogue.LIBRARIES);
  }

  @Test
  void namesAreUniqueAndHostPathsAbsoluteAndNormalized() {
    assertThat(new HashSet<>(ProbeCatalogue.names())).hasSameSizeAs(ProbeCatalogue.names());
    for (ProbeEntry entry : ProbeCatalogue.ALL) {
      for (ProbeEntry.HostPath path : entry.hostPaths()) {
        assertThat(path.path()).startsWith("/").isEqualTo(Path.of(path.path()).normalize().toString());
        assertThat(path.why()).as(path.path()).isNotBlank();
      }
      assertThat(entry.hostPaths().stream().map(ProbeEntry.HostPath::path).distinct())
          .as(entry.name()).hasSameSizeAs(entry.hostPaths());
    }
  }

  @Test
  void onlyTheApiProbeRunsWithoutTheHostAndOnlyLibrariesAndContainersNeedRoot() {
    assertThat(ProbeCatalogue.ALL.stream().filter(e -> !e.readsHost()).map(ProbeEntry::name))
        .containsExactly(ProbeCatalogue.KUBERNETES);
    assertThat(ProbeCatalogue.ALL.stream().filter(e -> e.privileges().root()).map(ProbeEntry::name))
        .containsExactly(ProbeCatalogue.LIBRARIES, ProbeCatalogue.CONTAINERS);
    assertThat(ProbeCatalogue.entry(ProbeCatalogue.LIBRARIES).privileges().capabilities())
        .containsExactly("SYS_PTRACE");
    assertThat(ProbeCatalogue.entry(ProbeCatalogue.CONTAINERS).privileges().capabilities()).isEmpty();
  }

  @Test
  void onlyTheContainerRootsNeedMountPropagationAndTheContainersProbeIsOptIn() {
    assertThat(ProbeCatalogue.ALL.stream().flatMap(e -> e.hostPaths().stream())
        .filter(ProbeEntry.HostPath::propagated).map(ProbeEntry.HostPath::path).distinct())
        .containsExactly("/run/containerd/io.containerd.runtime.v2.task/k8s.io", "/var/lib/containers/storage");
    assertThat(ProbeCatalogue.defaults()).doesNotContain(ProbeCatalogue.CONTAINERS);
    assertThat(new ProbeEntry.HostPath("/etc", true, "why").propagated()).isFalse();
  }

  @Test
  void anUnknownNameIsAnErrorNamingIt() {
    assertThatThrownBy(() -> ProbeCatalogue.entry("proc"))
        .hasMessageContaining("'proc'").hasMessageContaining("libraries");
    assertThat(ProbeCatalogue.find("proc")).isEmpty();
  }
}
