package io.reunir.operator.elasticsearch;

import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts: installs the contract's index templates and the aliased {@code -v1} indices the first time a
 * policy points at a cluster and prefix; later reconciles for the same target skip it. A failure is
 * not remembered, so the next reconcile tries again.
 */
public class TemplateInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);
  private final Set<String> installed = ConcurrentHashMap.newKeySet();

  /** @param target names the cluster and prefix: the policy's URLs and index prefix */
  public void ensureOnce(InventoryStore store, String target) throws InventoryStore.StoreException {
    if (installed.contains(target)) {
      return;
    }
    String prefix = store.layout().prefix();
    List<String> templates = new ArrayList<>();
    List<String> indices = new ArrayList<>();
    for (String name : IndexLayout.NAMES) {
      if (store.createTemplate(name, IndexTemplates.template(name, prefix))) {
        templates.add(store.layout().templateName(name));
      }
      if (store.createIndex(name)) {
        indices.add(store.layout().concreteIndex(name));
      }
    }
    LOG.info("index templates for {}: created templates {}, indices {}", target, templates, indices);
    installed.add(target);
  }
}
