package io.reunir.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.api.Schedule;
import java.util.List;

/** Valid policies for tests, built the way a person's YAML would read. */
public final class TestPolicies {
  private TestPolicies() {}

  public static CollectionPolicySpec spec(List<ProbeName> probes) {
    return new CollectionPolicySpec(new Schedule("1h", "10m"), null, probes, null, "prod-eu-1",
        new ElasticsearchTarget(List.of("https://es.example:9200"), "reunir",
            new ElasticsearchTarget.SecretRef("es-credentials"),
            new ElasticsearchTarget.TlsSettings("es-ca")),
        null);
  }

  public static CollectionPolicy policy(String namespace, String name, CollectionPolicySpec spec) {
    var policy = new CollectionPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withUid("uid-" + name).withGeneration(1L).build());
    policy.setSpec(spec);
    return policy;
  }
}
