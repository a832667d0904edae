package io.reunir.agent.model;

import java.time.Instant;
import java.util.List;

/**
 * One running container of the node, as its runtime's state directory describes it.
 *
 * @param id the runtime's container id
 * @param runtime {@code containerd} or {@code cri-o}
 * @param pod the pod and container names from the runtime's annotations
 * @param imageName the image reference the kubelet asked for
 * @param imageDigests the image digests the runtime recorded (CRI-O), else empty
 * @param started when the container started, when the runtime tells
 * @param content what its root's package databases held
 */
public record ContainerRecord(String id, String runtime, PodRef pod, String imageName,
    List<String> imageDigests, Instant started, Content content) {

  public ContainerRecord {
    imageDigests = imageDigests == null ? List.of() : List.copyOf(imageDigests);
  }

  /** Names from the annotations; any may be null when the runtime did not record it. */
  public record PodRef(String namespace, String name, String uid, String container) {}

  /** {@code reunir.container.state}: read, or why not. */
  public enum State {
    READ("read"), NO_PACKAGE_DATABASE("no_package_database"), UNREADABLE("unreadable"),
    VANISHED("vanished");

    private final String value;

    State(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  /**
   * The root's packages: {@code image} is set when read (shared by every container with the same
   * fingerprint); {@code error} is one line when not read.
   */
  public record Content(State state, ImageRecord image, String error) {
    public static Content read(ImageRecord image) {
      return new Content(State.READ, image, null);
    }

    public static Content failed(State state, String error) {
      return new Content(state, null, error);
    }
  }
}
