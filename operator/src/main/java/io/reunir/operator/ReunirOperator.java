package io.reunir.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reunir.operator.status.PolicyStatusAggregator;
import io.reunir.operator.advisories.AdvisorySourceReconciler;
import java.time.Clock;

/** Builds the operator the same way for the real process and for tests (only the client differs). */
public final class ReunirOperator {
  private ReunirOperator() {}

  public static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock) {
    return create(client, settings, clock, new SimpleMeterRegistry(), false);
  }

  /**
   * @param meters where JOSDK records reconciles, cleanups, events and queue sizes
   * @param exitOnLostLease end the process when the Lease is lost, so a replica that may have been
   *     partitioned never reconciles next to the new leader (true in the real process; tests that
   *     stop the operator must not end their JVM)
   */
  public static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock,
      MeterRegistry meters, boolean exitOnLostLease) {
    var reconciler = new CollectionPolicyReconciler(settings, new PolicyStatusAggregator(clock),
        new PolicyEvents(client, clock), clock);
    var operator = new Operator(o -> {
      o.withKubernetesClient(client)
          // Per policy type, not per policy: JOSDK never removes per-resource meters unless it
          // runs a cleaner thread, and a deleted policy's series are of no use on a dashboard.
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters))
          // Server-side apply off for the primary's status and for dependents: one code path for
          // production and for the CRUD mock server, which does not implement SSA.
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
            .withLeaseNamespace(settings.leaderElectionNamespace())
            .withExitOnStopLeading(exitOnLostLease)
            .build());
      }
    }) {
      @Override
      public void stop() {
        try {
          super.stop();
        } finally {
          // Each policy's Elasticsearch client holds an I/O thread and connections until closed.
          reconciler.closeConnections();
        }
      }
    };
    operator.register(reconciler, o -> {
      if (!settings.watchNamespaces().isEmpty()) {
        o.settingNamespaces(settings.watchNamespaces());
      }
    });
    operator.register(new AdvisorySourceReconciler(client, clock), o -> {
      if (!settings.watchNamespaces().isEmpty()) {
        o.settingNamespaces(settings.watchNamespaces());
      }
    });
    return operator;
  }
}
