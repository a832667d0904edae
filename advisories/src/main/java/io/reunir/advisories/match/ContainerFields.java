package io.reunir.advisories.match;

/**
 * The fields of the containers and images indices ({@code templates/containers.json},
 * {@code templates/images.json}) a container match reads: the agent writes them, the operator's
 * match and image collection query them, a container finding copies them.
 */
public final class ContainerFields {
  public static final String ID = "container.id";
  public static final String RUNTIME = "container.runtime";
  public static final String IMAGE = "container.image.name";
  public static final String NAMESPACE = "kubernetes.namespace";
  public static final String POD = "kubernetes.pod.name";
  public static final String POD_UID = "kubernetes.pod.uid";
  public static final String NAME = "kubernetes.container.name";
  /** On a container document: the fingerprint of the image it runs. */
  public static final String FINGERPRINT = "reunir.container.fingerprint";
  /** On an image document (package or manifest): the fingerprint it belongs to. */
  public static final String IMAGE_FINGERPRINT = "reunir.image.fingerprint";

  private ContainerFields() {}
}
