package io.reunir.agent.sync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts the contract's index templates and indices in place. {@link #ensure} is idempotent: it only
 * adds what is missing and never overwrites a template someone tuned.
 */
public final class TemplateInstall {
  private TemplateInstall() {}

  /** What {@link #ensure} did, for a log line. */
  public record Result(List<String> templatesCreated, List<String> indicesCreated) {}

  /**
   * Installs missing templates and creates missing {@code -v1} indices behind their aliases. When the
   * credentials may not (403), the error says what is missing and which privilege would fix it.
   *
   * <p>It asks twice in all (every template, then every alias, of the prefix) rather than twice per
   * index: an agent of a fleet's first sync made eight requests here before its first document.
   */
  public static Result ensure(ElasticsearchClient es, String prefix) throws EsException {
    var layout = new IndexLayout(prefix);
    Set<String> templatesFound = existingTemplates(es, prefix);
    Set<String> aliasesFound = existingAliases(es, prefix);
    List<String> templates = new ArrayList<>();
    List<String> indices = new ArrayList<>();
    for (String name : IndexLayout.NAMES) {
      String template = layout.templateName(name);
      String alias = layout.alias(name);
      if (templatesFound == null) {
        // Without the right to read templates, the alias's existence is the best evidence.
        if (aliasExists(es, aliasesFound, alias)) {
          continue;
        }
        throw missing("index template " + template, "manage_index_templates (cluster privilege)");
      }
      if (!templatesFound.contains(template)) {
        String json = IndexTemplates.template(name, prefix).toString();
        try {
          // create=true: should another agent have put it a moment ago, it is never replaced.
          EsFailures.call("creating index template " + template, () -> es.indices().putIndexTemplate(t -> t
              .name(template).create(true).withJson(new StringReader(json))));
          templates.add(template);
        } catch (EsException e) {
          if (e.status() == 403) {
            throw missing("index template " + template, "manage_index_templates (cluster privilege)");
          }
          if (!e.getMessage().contains("already exists")) {
            throw e;
          }
        }
      }
      if (aliasesFound != null && aliasesFound.contains(alias)) {
        continue;
      }
      String concrete = layout.concreteIndex(name);
      try {
        EsFailures.call("creating index " + concrete, () -> es.indices().create(c -> c.index(concrete)
            .aliases(alias, a -> a.isWriteIndex(true))));
        indices.add(concrete);
      } catch (EsException e) {
        if (e.status() == 403) {
          if (aliasExists(es, null, alias)) {
            continue;
          }
          throw missing("index " + concrete + " with alias " + alias,
              "create_index and manage on " + prefix + "-* (index privileges)");
        }
        // Another agent may have created it a moment ago: that is fine.
        if (!e.getMessage().contains("resource_already_exists_exception")) {
          throw e;
        }
      }
    }
    return new Result(templates, indices);
  }

  /**
   * Adds the fields of this agent's templates to the indices behind the prefix's aliases: an index
   * created by an older version refuses a newer agent's fields ({@code dynamic: strict}). Adding fields
   * is all a mapping update may do, so an index someone tuned keeps its settings. Returns the aliases
   * whose mapping was extended; a 403 says which privilege would do it.
   */
  public static List<String> extendMappings(ElasticsearchClient es, String prefix) throws EsException {
    var layout = new IndexLayout(prefix);
    List<String> extended = new ArrayList<>();
    for (String name : IndexLayout.NAMES) {
      String alias = layout.alias(name);
      String json = IndexTemplates.mappings(name, prefix).toString();
      try {
        EsFailures.call("extending the mapping of " + alias, () -> es.indices().putMapping(m -> m
            .index(alias).withJson(new StringReader(json))));
      } catch (EsException e) {
        if (e.status() == 403) {
          throw missing("a field of this agent's version in " + alias,
              "manage on " + prefix + "-* (index privilege)");
        }
        if (e.status() == 404) {
          continue; // created from the template when first needed
        }
        throw e;
      }
      extended.add(alias);
    }
    return extended;
  }

  /** The names of the prefix's templates, or null when these credentials may not read templates. */
  private static Set<String> existingTemplates(ElasticsearchClient es, String prefix) throws EsException {
    Set<String> names = new HashSet<>();
    try {
      EsFailures.call("reading index templates " + prefix + "-*", () -> es.indices()
          .getIndexTemplate(t -> t.name(prefix + "-*"))).indexTemplates().forEach(t -> names.add(t.name()));
    } catch (EsException e) {
      if (e.status() == 403) {
        return null;
      }
      if (e.status() != 404) { // a pattern that matches nothing answers 404
        throw e;
      }
    }
    return names;
  }

  /** The aliases named like the prefix's, or null when these credentials may not list aliases. */
  private static Set<String> existingAliases(ElasticsearchClient es, String prefix) throws EsException {
    Set<String> names = new HashSet<>();
    try {
      EsFailures.call("reading aliases " + prefix + "-*", () -> es.indices().getAlias(a -> a.name(prefix + "-*")))
          .result().values().forEach(index -> names.addAll(index.aliases().keySet()));
    } catch (EsException e) {
      if (e.status() == 403) {
        return null;
      }
      if (e.status() != 404) {
        throw e;
      }
    }
    return names;
  }

  /**
   * Whether the alias exists: listed, or else asked about alone, since a listing through a wildcard
   * shows only the indices these credentials may see.
   */
  private static boolean aliasExists(ElasticsearchClient es, Set<String> listed, String alias)
      throws EsException {
    if (listed != null && listed.contains(alias)) {
      return true;
    }
    try {
      return EsFailures.call("looking for alias " + alias, () -> es.indices().existsAlias(a -> a.name(alias)))
          .value();
    } catch (EsException e) {
      if (e.status() != 403) {
        throw e;
      }
    }
    // Writers may lack view_index_metadata; the index itself answering is proof enough.
    try {
      EsFailures.call("counting " + alias, () -> es.count(c -> c.index(alias)));
      return true;
    } catch (EsException e) {
      if (e.status() == 0) {
        throw e;
      }
      return false;
    }
  }

  private static EsException missing(String what, String privilege) {
    return new EsException(EsException.Kind.FORBIDDEN, 403, what + " is missing and these credentials"
        + " may not create it: let the operator install the templates, or grant " + privilege);
  }
}
