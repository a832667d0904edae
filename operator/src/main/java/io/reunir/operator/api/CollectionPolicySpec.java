package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.reunir.contract.probe.ProbeCatalogue;
import java.util.List;

/**
 * The desired state of one policy. Defaults live in the CRD schema (the API server fills them);
 * the operator treats a field the server did not fill (older objects, tests) with the same values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.probes) || !self.probes.exists(p, p == 'files')"
    + " || (has(self.files) && size(self.files) > 0)",
    message = "files: the files probe needs at least one path in spec.files")
// On the type, not the record component: a component's annotation reaches both the field and the
// accessor, and the generator would emit the rule twice.
@ValidationRule(value = HostFilePaths.DENIED_RULE, message = HostFilePaths.DENIED_MESSAGE)
public record CollectionPolicySpec(
    @Default("{}")
    @JsonPropertyDescription("How often every node collects, and how the nodes are spread.")
    Schedule schedule,
    @JsonPropertyDescription("Which nodes run the agent; empty means every node.")
    NodeSelection nodes,
    @Default(ProbeCatalogue.DEFAULTS_JSON)
    @Size(max = 16)
    @JsonPropertyDescription("Probes to run; processes, files and libraries are opt-in.")
    List<ProbeName> probes,
    @Size(max = 64)
    @JsonPropertyDescription("Host files the files probe hashes: absolute, normalized paths of files"
        + " (each is mounted by itself, never its directory), outside host and cluster state trees.")
    List<@Size(max = HostFilePaths.MAX_LENGTH) @Pattern(HostFilePaths.PATTERN) String> files,
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$")
    @JsonPropertyDescription("orchestrator.cluster.name on every document.")
    String clusterName,
    @Required
    @JsonPropertyDescription("Where the agents send the inventory.")
    ElasticsearchTarget elasticsearch,
    @JsonPropertyDescription("The agent container: image, resources, priority class.")
    AgentSettings agent) {

  /** The probes the agent runs when a policy names none (the schema default says the same). */
  public static final List<ProbeName> DEFAULT_PROBES =
      ProbeCatalogue.defaults().stream().map(ProbeName::of).toList();

  public Schedule scheduleOrDefault() {
    return schedule == null ? new Schedule(null, null) : schedule;
  }

  public List<ProbeName> probesOrDefault() {
    return probes == null || probes.isEmpty() ? DEFAULT_PROBES : probes;
  }

  public List<String> filesOrEmpty() {
    return files == null ? List.of() : files;
  }

  public NodeSelection nodesOrDefault() {
    return nodes == null ? new NodeSelection(null, null) : nodes;
  }

  public AgentSettings agentOrDefault() {
    return agent == null ? new AgentSettings(null, null, null) : agent;
  }
}
