package io.reunir.operator.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Pod Security Standard "restricted" profile, as the list of what a pod spec breaks
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/). Empty means compliant.
 */
final class RestrictedProfile {
  private RestrictedProfile() {}

  static List<String> violations(PodSpec pod) {
    var problems = new ArrayList<String>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      problems.add("hostNetwork is true");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      problems.add("hostPID is true");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      problems.add("hostIPC is true");
    }
    if (pod.getVolumes() != null) {
      pod.getVolumes().stream()
          .filter(v -> v.getHostPath() != null)
          .forEach(v -> problems.add("volume " + v.getName() + " is a hostPath"));
    }
    var podContext = Optional.ofNullable(pod.getSecurityContext());
    var podNonRoot = podContext.map(c -> c.getRunAsNonRoot()).orElse(null);
    var podSeccomp = podContext.map(c -> c.getSeccompProfile()).map(p -> p.getType()).orElse(null);
    if (podContext.map(c -> c.getRunAsUser()).filter(u -> u == 0).isPresent()) {
      problems.add("pod runAsUser is 0");
    }
    var containers = new ArrayList<Container>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (var c : containers) {
      var name = "container " + c.getName() + ": ";
      var sc = c.getSecurityContext();
      if (sc == null) {
        problems.add(name + "no securityContext");
        continue;
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        problems.add(name + "allowPrivilegeEscalation is not false");
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        problems.add(name + "privileged");
      }
      var caps = sc.getCapabilities();
      if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        problems.add(name + "capabilities do not drop ALL");
      }
      if (caps != null
          && caps.getAdd() != null
          && caps.getAdd().stream().anyMatch(a -> !a.equals("NET_BIND_SERVICE"))) {
        problems.add(name + "adds capabilities " + caps.getAdd());
      }
      var nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
      if (!Boolean.TRUE.equals(nonRoot)) {
        problems.add(name + "runAsNonRoot is not true");
      }
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        problems.add(name + "runAsUser is 0");
      }
      var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType() : podSeccomp;
      if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
        problems.add(name + "seccompProfile is " + seccomp + ", not RuntimeDefault or Localhost");
      }
      if (c.getPorts() != null) {
        c.getPorts().stream()
            .filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
            .forEach(p -> problems.add(name + "hostPort " + p.getHostPort()));
      }
    }
    return problems;
  }
}
