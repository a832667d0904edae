package io.reunir.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.reunir.operator.TestPolicies;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.ElasticsearchTarget;
import io.reunir.operator.api.NodeSelection;
import io.reunir.operator.api.ProbeName;
import io.reunir.operator.api.Schedule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectionPolicyValidatorTest {
  private static final Map<String, Set<String>> SECRETS =
      Map.of("es-credentials", Set.of("apiKey"), "es-ca", Set.of("ca.crt"));
  private static final CollectionPolicySpec VALID = TestPolicies.spec(null);

  private static List<String> validate(CollectionPolicySpec spec, Map<String, Set<String>> secrets) {
    return CollectionPolicyValidator.validate(TestPolicies.policy("ns", "p", spec), secrets);
  }

  private static List<String> validate(CollectionPolicySpec spec) {
    return validate(spec, SECRETS);
  }

  private static CollectionPolicySpec with(Schedule schedule) {
    return new CollectionPolicySpec(schedule, VALID.nodes(), VALID.probes(), VALID.files(),
        VALID.clusterName(), VALID.elasticsearch(), VALID.agent());
  }

  private static CollectionPolicySpec with(List<ProbeName> probes, List<String> files) {
    return new CollectionPolicySpec(VALID.schedule(), VALID.nodes(), probes, files,
        VALID.clusterName(), VALID.elasticsearch(), VALID.agent());
  }

  private static CollectionPolicySpec with(LabelSelector selector) {
    return new CollectionPolicySpec(VALID.schedule(), new NodeSelection(selector, null), VALID.probes(),
        VALID.files(), VALID.clusterName(), VALID.elasticsearch(), VALID.agent());
  }

  @Test
  void aValidPolicyHasNoProblems() {
    assertThat(validate(VALID)).isEmpty();
    assertThat(validate(VALID, Map.of("es-credentials", Set.of("username", "password"),
        "es-ca", Set.of("ca.crt")))).isEmpty();
  }

  @Test
  void missingOrIncompleteSecretsAreNamed() {
    assertThat(validate(VALID, Map.of("es-ca", Set.of("ca.crt")))).containsExactly(
        "spec.elasticsearch.auth.secretName: Secret 'es-credentials' does not exist");
    assertThat(validate(VALID, Map.of("es-credentials", Set.of("username"), "es-ca", Set.of("tls.crt"))))
        .containsExactly("spec.elasticsearch.auth.secretName: Secret 'es-credentials' has neither key"
            + " apiKey nor keys username and password",
            "spec.elasticsearch.tls.caSecretName: Secret 'es-ca' has no key ca.crt");
  }

  @Test
  void scheduleRulesTheSchemaAlsoHolds() {
    assertThat(validate(with(new Schedule("30s", "10s"))))
        .containsExactly("spec.schedule.interval: 30s is shorter than 1m");
    assertThat(validate(with(new Schedule("5m", "10m"))))
        .containsExactly("spec.schedule.jitter: 10m is longer than the interval 5m");
    assertThat(validate(with(new Schedule("1d", null)))).singleElement().asString()
        .startsWith("spec.schedule.interval: '1d' is not a duration");
  }

  @Test
  void duplicateProbesAndFilesMistakes() {
    assertThat(validate(with(List.of(ProbeName.OS, ProbeName.PACKAGES, ProbeName.OS), null)))
        .containsExactly("spec.probes[2]: os is listed twice");
    assertThat(validate(with(List.of(ProbeName.FILES), null)))
        .containsExactly("spec.files: the files probe needs at least one path");
    assertThat(validate(with(List.of(ProbeName.OS), List.of("/etc/hosts"))))
        .containsExactly("spec.files: paths are given but the files probe is not in spec.probes");
    assertThat(validate(with(List.of(ProbeName.FILES),
        List.of("etc/hosts", "/etc/../shadow", "/", "/etc/ok.conf", "/vmlinuz"))))
        .containsExactly("spec.files[0]: 'etc/hosts' is not an absolute path",
            "spec.files[1]: '/etc/../shadow' is not a normalized file path (no ., .., //, or trailing /)",
            "spec.files[2]: '/' is the host's root directory, not a file");
  }

  @Test
  void filePathsMustBeNormalized() {
    for (String bad : List.of("/etc//hosts", "/etc/", "/etc/./hosts", "/etc/.", "/etc/..", "/..",
        "/./etc", "//etc/hosts")) {
      assertThat(CollectionPolicyValidator.fileProblem(bad)).as(bad)
          .hasValueSatisfying(p -> assertThat(p).contains("not a normalized file path"));
    }
    for (String good : List.of("/etc/hosts", "/etc/.hidden", "/opt/..data/x", "/opt/...",
        "/opt/a..b", "/vmlinuz", "/etc/nginx/conf.d/default.conf")) {
      assertThat(CollectionPolicyValidator.fileProblem(good)).as(good).isEmpty();
    }
    assertThat(CollectionPolicyValidator.fileProblem("/etc/" + "x".repeat(1100))).hasValue(
        "is longer than 1024 characters");
  }

  @Test
  void filesInHostOrClusterStateTreesAreRefusedNamingTheTree() {
    var denied = List.of("/proc/1/environ", "/sys/kernel/notes", "/dev/sda", "/run/secrets/token",
        "/var/run/containerd/containerd.sock", "/run/containerd/io.containerd.runtime.v2.task/x",
        "/var/lib/kubelet/pods/uid/volumes/kubernetes.io~secret/token/token",
        "/var/lib/kubelet/config.yaml", "/var/lib/containerd/meta.db", "/etc/kubernetes/admin.conf",
        "/var/lib/etcd/member/snap/db", "/root/.kube/config", "/proc");
    assertThat(validate(with(List.of(ProbeName.FILES), denied))).hasSize(denied.size())
        .allSatisfy(p -> assertThat(p).contains("which a policy may not mount"));
    assertThat(validate(with(List.of(ProbeName.FILES), List.of("/var/lib/kubelet/pods/u/x"))))
        .containsExactly("spec.files[0]: '/var/lib/kubelet/pods/u/x' is in /var/lib/kubelet,"
            + " which a policy may not mount (host or cluster state)");
    // Prefixes are whole components: a sibling that merely starts with the same letters is fine.
    assertThat(validate(with(List.of(ProbeName.FILES),
        List.of("/procedures.txt", "/var/lib/kubelet-extra/conf", "/etc/kubernetes.conf",
            "/rootfs.txt", "/var/lib/dpkg/status")))).isEmpty();
  }

  @Test
  void selectorSyntax() {
    var bad = new LabelSelectorBuilder().addToMatchLabels("bad key!", "v")
        .addNewMatchExpression().withKey("zone").withOperator("Within").endMatchExpression()
        .addNewMatchExpression().withKey("pool").withOperator("In").endMatchExpression()
        .addNewMatchExpression().withKey("gpu").withOperator("Exists").withValues("x").endMatchExpression()
        .build();
    assertThat(validate(with(bad))).containsExactly(
        "spec.nodes.selector.matchLabels[bad key!]: 'bad key!' is not a valid label key",
        "spec.nodes.selector.matchExpressions[0].operator: 'Within' is not one of "
            + "[In, NotIn, Exists, DoesNotExist]",
        "spec.nodes.selector.matchExpressions[1].values: In needs at least one value",
        "spec.nodes.selector.matchExpressions[2].values: Exists takes no values");
  }

  @Test
  void urlsThatBypassedTheSchema() {
    var spec = new CollectionPolicySpec(null, null, null, null, "c",
        new ElasticsearchTarget(List.of("es:9200", "https://elastic:s3cret@es:9200", "http://es:99999"),
            null, null, null), null);
    var problems = validate(spec);

    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).startsWith("spec.elasticsearch.urls[0]: 'es:9200' does not start with http");
    assertThat(problems.get(1)).startsWith("spec.elasticsearch.urls[1]: 'https://***@es:9200' holds credentials");
    assertThat(problems.get(2)).startsWith("spec.elasticsearch.urls[2]: ").contains("port 99999");
    assertThat(String.join("\n", problems)).doesNotContain("s3cret");
  }
}
