package io.reunir.operator.advisories;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the templates and the {@code -v1} indices of {@code <prefix>-advisories} and
 * {@code <prefix>-findings} in place, as the agent's {@code TemplateInstall} does for its own four:
 * only what is missing, never replacing a template someone tuned.
 */
public final class AdvisoryIndices {
  private AdvisoryIndices() {}

  /** Creates what is missing; returns the names of the templates and indices it created. */
  public static List<String> ensure(ElasticsearchClient es, IndexLayout layout, String prefix)
      throws IOException {
    var created = new ArrayList<String>();
    for (String name : IndexLayout.ADVISORY_NAMES) {
      String template = layout.templateName(name);
      if (!es.indices().existsIndexTemplate(t -> t.name(template)).value()) {
        try {
          String body = IndexTemplates.template(name, prefix).toString();
          es.indices().putIndexTemplate(p -> p.withJson(new StringReader(body)).name(template).create(true));
          created.add(template);
        } catch (ElasticsearchException e) {
          if (!e.getMessage().contains("already exists")) {
            throw e;
          }
        }
      }
      String alias = layout.alias(name);
      if (es.indices().existsAlias(a -> a.name(alias)).value()) {
        extend(es, alias, name, prefix);
        continue;
      }
      String index = layout.concreteIndex(name);
      try {
        es.indices().create(c -> c.index(index).aliases(alias, a -> a.isWriteIndex(true)));
        created.add(index);
      } catch (ElasticsearchException e) {
        // Another operator replica may have created it a moment ago: that is fine.
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    }
    // The match writes vulnerability_fixed events into the agents' changes index.
    String changes = layout.changes();
    if (es.indices().existsAlias(a -> a.name(changes)).value()) {
      extend(es, changes, "changes", prefix);
    }
    return created;
  }

  /**
   * Adds this version's fields to an index an older version created (templates are strict, so it
   * would refuse them); adding is all a mapping update may do, so a tuned index keeps its settings.
   */
  private static void extend(ElasticsearchClient es, String alias, String name, String prefix)
      throws IOException {
    String json = IndexTemplates.mappings(name, prefix).toString();
    es.indices().putMapping(m -> m.index(alias).withJson(new StringReader(json)));
  }
}
