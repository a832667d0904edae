package io.reunir.operator.elasticsearch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts: removes from {@code <prefix>-images} the package lists of image fingerprints that no
 * document of {@code <prefix>-containers} references any more. Agents share image documents across
 * nodes and never delete them; this is where they go. Never on a failed read: a listing that fails
 * or may be partial throws before anything is deleted. An image written less than {@link #GRACE}
 * ago is kept even when unreferenced, since an agent may write an image's packages before the
 * container document that names it becomes searchable.
 */
public class UnusedImageRemover {
  static final Duration GRACE = Duration.ofMinutes(10);
  static final String IMAGE_FINGERPRINT = "reunir.image.fingerprint";
  static final String CONTAINER_FINGERPRINT = "reunir.container.fingerprint";
  private static final Logger LOG = LoggerFactory.getLogger(UnusedImageRemover.class);
  private final Clock clock;

  /** What one pass removed: image fingerprints, and their documents. */
  public record Removed(int images, long documents) {}

  public UnusedImageRemover(Clock clock) {
    this.clock = clock;
  }

  public Removed remove(InventoryStore store) throws InventoryStore.StoreException {
    var layout = store.layout();
    // Images first: a container document written between the two reads is then seen.
    var stored = store.newestByValue(layout.images(), IMAGE_FINGERPRINT, true);
    if (stored.isEmpty()) {
      return new Removed(0, 0);
    }
    var running = store.newestByValue(layout.containers(), CONTAINER_FINGERPRINT, false).keySet();
    Instant settled = clock.instant().minus(GRACE);
    int images = 0;
    long documents = 0;
    for (var image : stored.entrySet()) {
      Instant newest = image.getValue();
      if (!running.contains(image.getKey()) && (newest == null || newest.isBefore(settled))) {
        documents += store.deleteWhere(layout.images(), IMAGE_FINGERPRINT, image.getKey());
        images++;
      }
    }
    if (images > 0) {
      LOG.info("removed {} documents of {} images no running container uses from {}", documents, images,
          layout.images());
    }
    return new Removed(images, documents);
  }
}
