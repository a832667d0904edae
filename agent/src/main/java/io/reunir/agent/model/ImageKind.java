package io.reunir.agent.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images the node's containers run, once per fingerprint: each image's package documents, then
 * its manifest. Not a node's own documents: they are shared by every node that runs the image, never
 * deleted by an agent, and written by {@code sync/ImageSync}, not the per-node delta.
 */
public final class ImageKind implements DocumentKind<ImageRecord> {
  static final ImageKind KIND = new ImageKind();

  private ImageKind() {}

  @Override
  public String name() {
    return "images";
  }

  @Override
  public boolean printedWhenEmpty() {
    return false;
  }

  @Override
  public List<ImageRecord> records(Snapshot snapshot) {
    return images(snapshot);
  }

  /** The distinct images of the snapshot's read containers, in container order. */
  public static List<ImageRecord> images(Snapshot snapshot) {
    var images = new LinkedHashMap<String, ImageRecord>();
    for (ContainerRecord c : snapshot.containers()) {
      ImageRecord image = c.content().image();
      if (image != null) {
        images.putIfAbsent(image.fingerprint(), image);
      }
    }
    return List.copyOf(images.values());
  }

  @Override
  public Iterator<ObjectNode> render(Snapshot snapshot, DocumentContext context) {
    return records(snapshot).stream().flatMap(image -> documents(snapshot, image)).iterator();
  }

  /** One image's package documents, then its manifest. */
  public static Stream<ObjectNode> documents(Snapshot snapshot, ImageRecord image) {
    return Stream.concat(image.packages().stream().map(p -> Documents.imagePackageDoc(snapshot, image, p)),
        Stream.of(Documents.imageManifestDoc(snapshot, image)));
  }
}
