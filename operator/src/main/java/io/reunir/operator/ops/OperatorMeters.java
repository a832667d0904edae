package io.reunir.operator.ops;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry {@code /metrics} serves: JOSDK's reconcile meters (see {@code ReunirOperator}) plus
 * the JVM's memory, GC, threads, CPU and uptime, which micrometer-core measures at no extra
 * dependency and which say whether the operator's limits fit.
 */
public final class OperatorMeters {
  private OperatorMeters() {}

  public static PrometheusMeterRegistry prometheusRegistry() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    // Not closed: its GC listeners live as long as the process, like the registry.
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
