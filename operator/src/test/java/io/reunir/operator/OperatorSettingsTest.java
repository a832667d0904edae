package io.reunir.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsFollowTheContract() {
    var s = OperatorSettings.fromEnvironment(Map.of("POD_NAMESPACE", "reunir-system"));
    assertThat(s.watchNamespaces()).isEmpty();
    assertThat(s.agentImage()).startsWith("reunir/reunir-agent:");
    assertThat(s.agentClusterRole()).isEqualTo("reunir-agent-node-reader");
    assertThat(s.leaderElection()).isTrue();
    assertThat(s.leaderElectionNamespace()).isEqualTo("reunir-system");
    assertThat(s.httpPort()).isEqualTo(8080);
  }

  @Test
  void everyVariableIsRead() {
    var s = OperatorSettings.fromEnvironment(Map.of(
        "REUNIR_WATCH_NAMESPACES", " team-a, team-b ,,",
        "REUNIR_AGENT_IMAGE", "registry.local/agent:2",
        "REUNIR_AGENT_CLUSTER_ROLE", "custom-reader",
        "REUNIR_LEADER_ELECTION", "true",
        "REUNIR_LEADER_ELECTION_NAMESPACE", "ops",
        "POD_NAMESPACE", "ignored",
        "REUNIR_HTTP_PORT", "9090"));
    assertThat(s.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(s.agentImage()).isEqualTo("registry.local/agent:2");
    assertThat(s.agentClusterRole()).isEqualTo("custom-reader");
    assertThat(s.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(s.httpPort()).isEqualTo(9090);
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("REUNIR_HTTP_PORT", "http")))
        .hasMessageStartingWith("REUNIR_HTTP_PORT");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("REUNIR_LEADER_ELECTION", "yes")))
        .hasMessageStartingWith("REUNIR_LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of()))
        .hasMessageContaining("REUNIR_LEADER_ELECTION_NAMESPACE");
    assertThat(OperatorSettings.fromEnvironment(Map.of("REUNIR_LEADER_ELECTION", "false"))
        .leaderElection()).isFalse();
  }
}
