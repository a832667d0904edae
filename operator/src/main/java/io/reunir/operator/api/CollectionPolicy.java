package io.reunir.operator.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** What to collect from which nodes, and where to send it. One agent DaemonSet per policy. */
@Group("reunir.io")
@Version("v1alpha1")
@ShortNames("cpol")
public class CollectionPolicy extends CustomResource<CollectionPolicySpec, CollectionPolicyStatus>
    implements Namespaced {}
