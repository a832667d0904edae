package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.reunir.contract.config.Durations;
import io.reunir.contract.es.EsClients;
import io.reunir.contract.es.EsCredentials;
import io.reunir.contract.es.EsEndpoint;
import io.reunir.contract.index.IndexLayout;
import io.reunir.operator.api.AdvisorySource;
import io.reunir.operator.api.AdvisorySourceSpec;
import io.reunir.operator.api.AdvisorySourceStatus;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.status.PolicyConditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Imports an {@code AdvisorySource}'s export and runs a match pass, once per {@code spec.interval}:
 * the import rewrites only changed advisory documents, the pass only changed findings. The outcome is
 * the {@code Ready} condition, whose reason says what failed ({@code InvalidSource},
 * {@code ImportFailed}, {@code ElasticsearchUnreachable}) and whose message names the field.
 */
@ControllerConfiguration(name = AdvisorySourceReconciler.NAME)
public final class AdvisorySourceReconciler implements Reconciler<AdvisorySource> {
  public static final String NAME = "advisorysource";
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final KubernetesClient client;
  private final Clock clock;

  public AdvisorySourceReconciler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public UpdateControl<AdvisorySource> reconcile(AdvisorySource resource, Context<AdvisorySource> context) {
    AdvisorySourceSpec spec = resource.getSpec();
    AdvisorySourceStatus previous = resource.getStatus();
    var conditions = new PolicyConditions(previous == null ? null : previous.conditions(),
        generation(resource), clock);
    AdvisorySourceStatus status;
    var invalid = SourceFetch.validate(spec);
    if (invalid.isPresent()) {
      status = failed(previous, conditions, resource, "InvalidSource", invalid.get());
    } else {
      status = run(resource, conditions, previous);
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource).rescheduleAfter(Durations.parse(spec.intervalOrDefault()));
  }

  private AdvisorySourceStatus run(AdvisorySource resource, PolicyConditions conditions,
      AdvisorySourceStatus previous) {
    AdvisorySourceSpec spec = resource.getSpec();
    String namespace = resource.getMetadata().getNamespace();
    var layout = new IndexLayout(spec.elasticsearch().indexPrefixOrDefault());
    Path temp = null;
    ElasticsearchClient es = null;
    try {
      temp = Files.createTempDirectory("reunir-advisories");
      Path export = SourceFetch.fetch(client, namespace, spec.source(), temp);
      try {
        es = EsClients.connect(endpoint(namespace, spec.elasticsearch()), REQUEST_TIMEOUT);
        AdvisoryIndices.ensure(es, layout, spec.elasticsearch().indexPrefixOrDefault());
        var outcome = AdvisoryPass.run(es, layout, namespace + "/" + resource.getMetadata().getName(),
            WantedEcosystems.of(es, layout, spec.ecosystems()), export, instant(previous, AdvisorySourceStatus::lastFullMatch),
            instant(previous, AdvisorySourceStatus::changesMatchedUntil), clock);
        ImportReport imported = outcome.imported();
        MatchReport match = outcome.match();
        boolean clean = imported.clean() && match.errorCount() == 0;
        String message = clean
            ? imported.documents() + " advisory documents (" + imported.written() + " written, "
                + outcome.removed().count() + " removed), " + match.findings() + " findings"
                + (outcome.full() ? " (whole match)" : "")
            : "spec.source: " + (imported.errorCount() + match.errorCount()) + " errors; first: "
                + (imported.errors().isEmpty() ? match.errors().get(0) : imported.errors().get(0))
                + (imported.clean() ? "" : "; advisories that left the export are not removed while it has errors");
        conditions.set(PolicyConditions.READY, clean, clean ? "Imported" : "ImportFailed", message);
        return new AdvisorySourceStatus(generation(resource), conditions.build(),
            clock.instant().toString(), imported.documents(), imported.written(), match.findings(),
            String.join(",", new TreeSet<>(imported.ecosystems())),
            outcome.removed() == null ? null : outcome.removed().count(),
            outcome.lastFullMatch().toString(), outcome.changesMatchedUntil().toString());
      } catch (IOException | RuntimeException e) {
        return failed(previous, conditions, resource, "ElasticsearchUnreachable",
            "spec.elasticsearch: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    } catch (SourceFetch.InvalidSource e) {
      return failed(previous, conditions, resource, "InvalidSource", e.getMessage());
    } catch (IOException e) {
      return failed(previous, conditions, resource, "ImportFailed", "spec.source: " + e.getMessage());
    } finally {
      if (es != null) {
        try {
          es._transport().close();
        } catch (IOException ignored) {
          // Nothing to do about a connection that does not close.
        }
      }
      delete(temp);
    }
  }

  private static long generation(AdvisorySource resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static AdvisorySourceStatus failed(AdvisorySourceStatus previous, PolicyConditions conditions,
      AdvisorySource resource, String reason, String message) {
    conditions.set(PolicyConditions.READY, false, reason, message);
    return new AdvisorySourceStatus(generation(resource), conditions.build(),
        previous == null ? null : previous.lastImport(), previous == null ? null : previous.advisories(),
        previous == null ? null : previous.written(), previous == null ? null : previous.findings(),
        previous == null ? null : previous.ecosystems(), previous == null ? null : previous.removed(),
        previous == null ? null : previous.lastFullMatch(),
        previous == null ? null : previous.changesMatchedUntil());
  }

  private static Instant instant(AdvisorySourceStatus status, Function<AdvisorySourceStatus, String> field) {
    String text = status == null ? null : field.apply(status);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null; // a status edited by hand: the pass matches whole, which is always right
    }
  }

  private EsEndpoint endpoint(String namespace, ElasticsearchTarget target) throws IOException {
    Secret auth = target.auth() == null ? null
        : client.secrets().inNamespace(namespace).withName(target.auth().secretName()).get();
    Secret ca = target.tls() == null ? null
        : client.secrets().inNamespace(namespace).withName(target.tls().caSecretName()).get();
    EsCredentials credentials = new EsCredentials.None();
    if (value(auth, "apiKey") != null) {
      credentials = new EsCredentials.ApiKey(value(auth, "apiKey"));
    } else if (value(auth, "username") != null) {
      credentials = new EsCredentials.Basic(value(auth, "username"), value(auth, "password"));
    }
    String pem = value(ca, "ca.crt");
    return new EsEndpoint(EsEndpoint.parseUrls(target.urls()), credentials,
        pem == null ? null : pem.getBytes(StandardCharsets.UTF_8));
  }

  private static String value(Secret secret, String key) {
    if (secret == null) {
      return null;
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return null;
  }

  private static void delete(Path temp) {
    if (temp == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(temp)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is cleaned with the pod.
    }
  }
}
