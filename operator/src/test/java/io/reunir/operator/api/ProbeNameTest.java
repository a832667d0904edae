package io.reunir.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.contract.config.AgentConfig;
import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.contract.probe.ProbeCatalogue;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The CRD's enum and defaults are the contract's, so a policy means to the operator what it means to the agent. */
class ProbeNameTest {
  @Test
  void theEnumListsTheCataloguesProbesInItsOrder() {
    assertThat(Arrays.stream(ProbeName.values()).map(ProbeName::wireName))
        .containsExactlyElementsOf(ProbeCatalogue.names());
    for (ProbeName probe : ProbeName.values()) {
      assertThat(probe.entry().name()).isEqualTo(probe.wireName());
      assertThat(ProbeName.of(probe.wireName())).isSameAs(probe);
    }
  }

  @Test
  void specDefaultsAreTheAgentConfigDefaults() {
    assertThat(CollectionPolicySpec.DEFAULT_PROBES.stream().map(ProbeName::wireName))
        .containsExactlyElementsOf(AgentConfig.DEFAULT_PROBES);
    var schedule = new Schedule(null, null);
    assertThat(schedule.intervalOrDefault()).isEqualTo(AgentConfig.DEFAULT_INTERVAL);
    assertThat(schedule.jitterOrDefault()).isEqualTo(AgentConfig.DEFAULT_JITTER);
    assertThat(new ElasticsearchTarget(java.util.List.of("http://es:9200"), null, null, null)
        .indexPrefixOrDefault()).isEqualTo(ElasticsearchConfig.DEFAULT_INDEX_PREFIX);
  }
}
