package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

/** The checker itself must catch what it is there to catch. */
class RestrictedProfileTest {
  @Test
  void compliantPodHasNoViolations() {
    var pod =
        new PodSpecBuilder()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName("app")
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .build();
    assertThat(RestrictedProfile.violations(pod)).isEmpty();
  }

  @Test
  void privilegedHostPodIsReported() {
    var pod =
        new PodSpecBuilder()
            .withHostNetwork(true)
            .withHostPID(true)
            .addNewVolume()
            .withName("root")
            .withNewHostPath()
            .withPath("/")
            .endHostPath()
            .endVolume()
            .addNewContainer()
            .withName("app")
            .withNewSecurityContext()
            .withPrivileged(true)
            .withRunAsUser(0L)
            .withNewCapabilities()
            .withAdd("SYS_ADMIN")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .addNewContainer()
            .withName("bare")
            .endContainer()
            .build();
    assertThat(RestrictedProfile.violations(pod))
        .contains(
            "hostNetwork is true",
            "hostPID is true",
            "volume root is a hostPath",
            "container app: allowPrivilegeEscalation is not false",
            "container app: privileged",
            "container app: capabilities do not drop ALL",
            "container app: adds capabilities [SYS_ADMIN]",
            "container app: runAsNonRoot is not true",
            "container app: runAsUser is 0",
            "container app: seccompProfile is null, not RuntimeDefault or Localhost",
            "container bare: no securityContext");
  }
}
