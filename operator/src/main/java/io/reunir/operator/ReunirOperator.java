package io.reunir.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.reunir.operator.status.PolicyStatusAggregator;
import java.time.Clock;

/** Builds the operator the same way for the real process and for tests (only the client differs). */
public final class ReunirOperator {
  private ReunirOperator() {}

  public static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock) {
    var operator = new Operator(o -> {
      o.withKubernetesClient(client)
          // Server-side apply off for the primary's status and for dependents: one code path for
          // production and for the CRUD mock server, which does not implement SSA.
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
            OperatorSettings.LEASE_NAME, settings.leaderElectionNamespace()));
      }
    });
    var reconciler = new CollectionPolicyReconciler(settings, new PolicyStatusAggregator(clock),
        new PolicyEvents(client, clock));
    operator.register(reconciler, o -> {
      if (!settings.watchNamespaces().isEmpty()) {
        o.settingNamespaces(settings.watchNamespaces());
      }
    });
    return operator;
  }
}
