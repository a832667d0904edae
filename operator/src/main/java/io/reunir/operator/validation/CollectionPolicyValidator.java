package io.reunir.operator.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.reunir.contract.config.Durations;
import io.reunir.operator.api.CollectionPolicy;
import io.reunir.operator.api.CollectionPolicySpec;
import io.reunir.operator.api.HostFilePaths;
import io.reunir.operator.api.ProbeName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What is wrong with a policy beyond what the CRD schema rejects (and, for objects that bypassed
 * the schema, the schema's own rules again). Pure: the Secrets the policy names are passed in as
 * their key sets. Each problem names the field, as {@code spec.x.y: what is wrong}.
 */
public final class CollectionPolicyValidator {
  private static final List<String> SELECTOR_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
  private static final java.util.regex.Pattern LABEL_KEY = java.util.regex.Pattern.compile(
      "^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
  private static final java.util.regex.Pattern FILE_PATH =
      java.util.regex.Pattern.compile(HostFilePaths.PATTERN);
  private static final java.util.regex.Pattern LABEL_VALUE = java.util.regex.Pattern.compile(
      "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");

  private CollectionPolicyValidator() {}

  /**
   * @param secretKeys for each Secret name the policy uses that exists, the keys it holds
   * @return the problems, empty when the policy can be deployed
   */
  public static List<String> validate(CollectionPolicy policy, Map<String, Set<String>> secretKeys) {
    List<String> problems = new ArrayList<>();
    CollectionPolicySpec spec = policy.getSpec();
    if (spec == null) {
      return List.of("spec: missing");
    }
    if (spec.clusterName() == null || spec.clusterName().isBlank()) {
      problems.add("spec.clusterName: required");
    }
    checkSchedule(spec, problems);
    checkProbes(spec, problems);
    checkSelector(spec.nodesOrDefault().selector(), problems);
    checkElasticsearch(spec, secretKeys, problems);
    return problems;
  }

  private static void checkSchedule(CollectionPolicySpec spec, List<String> problems) {
    var schedule = spec.scheduleOrDefault();
    Optional<Duration> interval = duration("spec.schedule.interval", schedule.intervalOrDefault(), problems);
    Optional<Duration> jitter = duration("spec.schedule.jitter", schedule.jitterOrDefault(), problems);
    if (interval.isPresent() && interval.get().compareTo(Duration.ofMinutes(1)) < 0) {
      problems.add("spec.schedule.interval: " + schedule.intervalOrDefault() + " is shorter than 1m");
    }
    if (interval.isPresent() && jitter.isPresent() && jitter.get().compareTo(interval.get()) > 0) {
      problems.add("spec.schedule.jitter: " + schedule.jitterOrDefault()
          + " is longer than the interval " + schedule.intervalOrDefault());
    }
  }

  private static Optional<Duration> duration(String field, String text, List<String> problems) {
    try {
      return Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static void checkProbes(CollectionPolicySpec spec, List<String> problems) {
    if (spec.probes() != null) {
      var seen = new HashSet<ProbeName>();
      for (int i = 0; i < spec.probes().size(); i++) {
        ProbeName probe = spec.probes().get(i);
        if (probe == null) {
          problems.add("spec.probes[" + i + "]: not a known probe");
        } else if (!seen.add(probe)) {
          problems.add("spec.probes[" + i + "]: " + probe.wireName() + " is listed twice");
        }
      }
    }
    boolean filesProbe = spec.probesOrDefault().contains(ProbeName.FILES);
    if (filesProbe && spec.filesOrEmpty().isEmpty()) {
      problems.add("spec.files: the files probe needs at least one path");
    }
    if (!filesProbe && !spec.filesOrEmpty().isEmpty()) {
      problems.add("spec.files: paths are given but the files probe is not in spec.probes");
    }
    for (int i = 0; i < spec.filesOrEmpty().size(); i++) {
      String field = "spec.files[" + i + "]: ";
      fileProblem(spec.filesOrEmpty().get(i)).ifPresent(problem -> problems.add(field + problem));
    }
  }

  /**
   * What is wrong with one {@code spec.files} entry, by the rules the CRD also holds (see
   * {@link HostFilePaths}). Plain string checks: {@code Path.of} would throw on a NUL byte.
   */
  static Optional<String> fileProblem(String file) {
    if (file == null || !file.startsWith("/")) {
      return Optional.of("'" + file + "' is not an absolute path");
    }
    if (file.equals("/")) {
      return Optional.of("'/' is the host's root directory, not a file");
    }
    if (file.length() > HostFilePaths.MAX_LENGTH) {
      return Optional.of("is longer than " + HostFilePaths.MAX_LENGTH + " characters");
    }
    if (!FILE_PATH.matcher(file).matches()) {
      return Optional.of("'" + file + "' is not a normalized file path (no ., .., //, or trailing /)");
    }
    return HostFilePaths.deniedTree(file).map(tree -> "'" + file + "' is in " + tree
        + ", which a policy may not mount (host or cluster state)");
  }

  private static void checkSelector(LabelSelector selector, List<String> problems) {
    if (selector == null) {
      return;
    }
    if (selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((key, value) -> {
        String field = "spec.nodes.selector.matchLabels[" + key + "]";
        if (!LABEL_KEY.matcher(key).matches()) {
          problems.add(field + ": '" + key + "' is not a valid label key");
        }
        if (value == null || !LABEL_VALUE.matcher(value).matches()) {
          problems.add(field + ": '" + value + "' is not a valid label value");
        }
      });
    }
    var expressions = selector.getMatchExpressions() == null ? List.<io.fabric8.kubernetes.api.model
        .LabelSelectorRequirement>of() : selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      var e = expressions.get(i);
      String field = "spec.nodes.selector.matchExpressions[" + i + "]";
      if (e.getKey() == null || !LABEL_KEY.matcher(e.getKey()).matches()) {
        problems.add(field + ".key: '" + e.getKey() + "' is not a valid label key");
      }
      if (!SELECTOR_OPERATORS.contains(e.getOperator())) {
        problems.add(field + ".operator: '" + e.getOperator() + "' is not one of " + SELECTOR_OPERATORS);
        continue;
      }
      boolean hasValues = e.getValues() != null && !e.getValues().isEmpty();
      boolean needsValues = e.getOperator().equals("In") || e.getOperator().equals("NotIn");
      if (needsValues && !hasValues) {
        problems.add(field + ".values: " + e.getOperator() + " needs at least one value");
      } else if (!needsValues && hasValues) {
        problems.add(field + ".values: " + e.getOperator() + " takes no values");
      }
    }
  }

  private static void checkElasticsearch(CollectionPolicySpec spec,
      Map<String, Set<String>> secretKeys, List<String> problems) {
    var es = spec.elasticsearch();
    if (es == null || es.urls() == null || es.urls().isEmpty()) {
      problems.add("spec.elasticsearch.urls: at least one URL is required");
      return;
    }
    for (int i = 0; i < es.urls().size(); i++) {
      // The agent's own rules, so a policy never yields a config its agents refuse; the message
      // never repeats credentials a URL may hold.
      try {
        io.reunir.contract.config.EsUrls.parse(es.urls().get(i));
      } catch (IllegalArgumentException e) {
        problems.add("spec.elasticsearch.urls[" + i + "]: " + e.getMessage());
      }
    }
    if (es.auth() != null) {
      String name = es.auth().secretName();
      Set<String> keys = secretKeys.get(name);
      if (keys == null) {
        problems.add("spec.elasticsearch.auth.secretName: Secret '" + name + "' does not exist");
      } else if (!keys.contains("apiKey") && !(keys.contains("username") && keys.contains("password"))) {
        problems.add("spec.elasticsearch.auth.secretName: Secret '" + name
            + "' has neither key apiKey nor keys username and password");
      }
    }
    if (es.tls() != null) {
      String name = es.tls().caSecretName();
      Set<String> keys = secretKeys.get(name);
      if (keys == null) {
        problems.add("spec.elasticsearch.tls.caSecretName: Secret '" + name + "' does not exist");
      } else if (!keys.contains("ca.crt")) {
        problems.add("spec.elasticsearch.tls.caSecretName: Secret '" + name + "' has no key ca.crt");
      }
    }
  }
}
