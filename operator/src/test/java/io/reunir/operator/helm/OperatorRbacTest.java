package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's RBAC is exactly the lead's contract (/work/briefs/contract.md): every granted
 * (scope, group, resource, verb, resourceName) tuple is listed here, so an added verb, resource or
 * wildcard fails, and so does a missing one.
 */
class OperatorRbacTest {
  private static final List<String> ALL_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  /**
   * Permissions on namespaced objects: cluster-wide by default, per watched namespace otherwise.
   */
  private static Set<String> namespaced(String scope) {
    var grants = new TreeSet<String>();
    add(
        grants,
        scope,
        "reunir.io",
        "collectionpolicies",
        List.of("get", "list", "watch", "patch", "update"));
    add(grants, scope, "reunir.io", "collectionpolicies/status", List.of("get", "patch", "update"));
    add(grants, scope, "reunir.io", "collectionpolicies/finalizers", List.of("update"));
    add(grants, scope, "reunir.io", "advisorysources", List.of("get", "list", "watch"));
    add(grants, scope, "reunir.io", "advisorysources/status", List.of("get", "patch", "update"));
    add(grants, scope, "", "serviceaccounts", ALL_VERBS);
    add(grants, scope, "", "configmaps", ALL_VERBS);
    add(grants, scope, "apps", "daemonsets", ALL_VERBS);
    add(grants, scope, "", "secrets", List.of("get", "list", "watch"));
    add(grants, scope, "", "events", List.of("create", "patch"));
    add(grants, scope, "events.k8s.io", "events", List.of("create", "patch"));
    return grants;
  }

  private static Set<String> clusterScoped(String agentRole) {
    var grants = new TreeSet<String>();
    add(grants, "cluster", "rbac.authorization.k8s.io", "clusterrolebindings", ALL_VERBS);
    grants.add("cluster|rbac.authorization.k8s.io|clusterroles|bind|" + agentRole);
    add(grants, "cluster", "", "nodes", List.of("get", "list", "watch"));
    return grants;
  }

  private static Set<String> leases(String namespace) {
    var grants = new TreeSet<String>();
    add(grants, namespace, "coordination.k8s.io", "leases", List.of("get", "create", "update"));
    return grants;
  }

  @Test
  void defaultsGrantExactlyTheContract() {
    var rendered = RenderedChart.render();
    var expected = new TreeSet<String>();
    expected.addAll(clusterScoped("reunir-agent-node-reader"));
    expected.addAll(namespaced("cluster"));
    expected.addAll(leases(RenderedChart.NAMESPACE));

    assertThat(grantsTo(rendered, "inv-reunir-operator")).containsExactlyElementsOf(expected);
  }

  @Test
  void watchedNamespacesGetRolesAndTheClusterRoleKeepsOnlyClusterScopedRules() {
    var rendered = RenderedChart.render(OperatorDeploymentTest.ALL_OPTIONS);
    var expected = new TreeSet<String>();
    expected.addAll(clusterScoped("acme-agent-node-reader"));
    expected.addAll(namespaced("team-a"));
    expected.addAll(namespaced("team-b"));
    expected.addAll(leases(RenderedChart.NAMESPACE));

    assertThat(grantsTo(rendered, "acme-operator-sa")).containsExactlyElementsOf(expected);
  }

  @Test
  void withoutLeaderElectionThereIsNoLeasePermission(@TempDir Path dir) throws IOException {
    var values = Files.writeString(dir.resolve("values.yaml"), "leaderElection: {enabled: false}\n");
    var rendered = RenderedChart.render(values);
    var expected = new TreeSet<String>();
    expected.addAll(clusterScoped("reunir-agent-node-reader"));
    expected.addAll(namespaced("cluster"));

    assertThat(grantsTo(rendered, "inv-reunir-operator")).containsExactlyElementsOf(expected);
    assertThat(rendered.all(Role.class)).isEmpty();
  }

  @Test
  void noRuleUsesAWildcardOrANonResourceUrl() {
    for (var rendered :
        List.of(RenderedChart.render(), RenderedChart.render(OperatorDeploymentTest.ALL_OPTIONS))) {
      var rules = new java.util.ArrayList<PolicyRule>();
      rendered.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
      rendered.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
      assertThat(rules)
          .isNotEmpty()
          .allSatisfy(
              rule -> {
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getResources()).isNotEmpty().doesNotContain("*");
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
              });
    }
  }

  @Test
  void agentClusterRoleOnlyReadsNodes() {
    var agentRole =
        RenderedChart.render().all(ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals("reunir-agent-node-reader"))
            .findFirst()
            .orElseThrow();
    assertThat(agentRole.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "agent");
    var grants = new TreeSet<String>();
    agentRole.getRules().forEach(rule -> grants.addAll(tuples("cluster", rule)));
    assertThat(grants).containsExactly("cluster||nodes|get|");
  }

  /** Every tuple granted to the ServiceAccount through the chart's bindings. */
  private static Set<String> grantsTo(RenderedChart rendered, String serviceAccount) {
    var grants = new TreeSet<String>();
    for (var binding : rendered.all(ClusterRoleBinding.class)) {
      if (bindsServiceAccount(binding.getSubjects(), serviceAccount)) {
        var role =
            rendered.all(ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("binding to a missing ClusterRole"));
        role.getRules().forEach(rule -> grants.addAll(tuples("cluster", rule)));
      }
    }
    for (var binding : rendered.all(RoleBinding.class)) {
      if (bindsServiceAccount(binding.getSubjects(), serviceAccount)) {
        var namespace = binding.getMetadata().getNamespace();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        var role =
            rendered.all(Role.class).stream()
                .filter(r -> r.getMetadata().getNamespace().equals(namespace))
                .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("binding to a missing Role"));
        role.getRules().forEach(rule -> grants.addAll(tuples(namespace, rule)));
      }
    }
    return grants;
  }

  private static boolean bindsServiceAccount(
      List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects, String serviceAccount) {
    return subjects.stream()
        .anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(serviceAccount));
  }

  private static Set<String> tuples(String scope, PolicyRule rule) {
    var out = new TreeSet<String>();
    var names =
        rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
            ? List.of("")
            : rule.getResourceNames();
    for (var group : rule.getApiGroups()) {
      for (var resource : rule.getResources()) {
        for (var verb : rule.getVerbs()) {
          for (var name : names) {
            out.add(String.join("|", scope, group, resource, verb, name));
          }
        }
      }
    }
    return out;
  }

  private static void add(
      Set<String> grants, String scope, String group, String resource, List<String> verbs) {
    verbs.forEach(v -> grants.add(String.join("|", scope, group, resource, v, "")));
  }
}
