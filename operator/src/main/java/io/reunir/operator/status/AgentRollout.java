package io.reunir.operator.status;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.Optional;

/**
 * What the DaemonSet says about the agents: how many nodes should run one, how many run a ready
 * one, and the resulting Ready condition.
 */
public record AgentRollout(int desired, int ready, int updated) {

  public static AgentRollout of(Optional<DaemonSet> daemonSet) {
    var status = daemonSet.map(DaemonSet::getStatus);
    return new AgentRollout(
        status.map(s -> orZero(s.getDesiredNumberScheduled())).orElse(0),
        status.map(s -> orZero(s.getNumberReady())).orElse(0),
        status.map(s -> orZero(s.getUpdatedNumberScheduled())).orElse(0));
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  public boolean complete() {
    return desired > 0 && ready == desired;
  }

  public void describe(PolicyConditions conditions) {
    if (desired == 0) {
      conditions.set(PolicyConditions.READY, false, "NoNodes",
          "the agent DaemonSet schedules no node yet (check spec.nodes.selector)");
    } else if (complete()) {
      conditions.set(PolicyConditions.READY, true, "AgentsReady",
          "agents ready on all " + desired + " nodes");
    } else {
      conditions.set(PolicyConditions.READY, false, "AgentsNotReady",
          "agents ready on " + ready + " of " + desired + " nodes");
    }
  }
}
