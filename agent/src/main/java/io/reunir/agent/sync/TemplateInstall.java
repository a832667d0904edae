package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.contract.index.IndexLayout;
import io.reunir.contract.index.IndexTemplates;
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
  public static Result ensure(EsClient es, String prefix) throws EsException {
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
        // create=true: should another agent have put it a moment ago, it is never replaced.
        var put = es.put("/_index_template/" + template + "?create=true", IndexTemplates.template(name, prefix).toString());
        if (put.status() == 403) {
          throw missing("index template " + template, "manage_index_templates (cluster privilege)");
        }
        if (put.ok()) {
          templates.add(template);
        } else if (!put.body().contains("already exists")) {
          throw EsClient.error("creating index template " + template, put);
        }
      }
      if (aliasesFound != null && aliasesFound.contains(alias)) {
        continue;
      }
      String body = "{\"aliases\":{\"" + alias + "\":{\"is_write_index\":true}}}";
      var created = es.put("/" + layout.concreteIndex(name), body);
      if (created.status() == 403) {
        if (aliasExists(es, null, alias)) {
          continue;
        }
        throw missing("index " + layout.concreteIndex(name) + " with alias " + alias,
            "create_index and manage on " + prefix + "-* (index privileges)");
      }
      // Another agent may have created it a moment ago: that is fine.
      if (!created.ok() && !created.body().contains("resource_already_exists_exception")) {
        throw EsClient.error("creating index " + layout.concreteIndex(name), created);
      }
      if (created.ok()) {
        indices.add(layout.concreteIndex(name));
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
  public static List<String> extendMappings(EsClient es, String prefix) throws EsException {
    var layout = new IndexLayout(prefix);
    List<String> extended = new ArrayList<>();
    for (String name : IndexLayout.NAMES) {
      String alias = layout.alias(name);
      var put = es.put("/" + alias + "/_mapping", IndexTemplates.mappings(name, prefix).toString());
      if (put.status() == 403) {
        throw missing("a field of this agent's version in " + alias, "manage on " + prefix + "-* (index privilege)");
      }
      if (put.status() == 404) {
        continue; // created from the template when first needed
      }
      if (!put.ok()) {
        throw EsClient.error("extending the mapping of " + alias, put);
      }
      extended.add(alias);
    }
    return extended;
  }

  /** The names of the prefix's templates, or null when these credentials may not read templates. */
  private static Set<String> existingTemplates(EsClient es, String prefix) throws EsException {
    var found = es.get("/_index_template/" + prefix + "-*?filter_path=index_templates.name");
    if (found.status() == 403) {
      return null;
    }
    Set<String> names = new HashSet<>();
    if (found.status() == 404) {
      return names; // a pattern that matches nothing answers 404
    }
    if (!found.ok()) {
      throw EsClient.error("reading index templates " + prefix + "-*", found);
    }
    for (JsonNode template : found.json().path("index_templates")) {
      names.add(template.path("name").asText());
    }
    return names;
  }

  /** The aliases named like the prefix's, or null when these credentials may not list aliases. */
  private static Set<String> existingAliases(EsClient es, String prefix) throws EsException {
    var found = es.get("/_alias/" + prefix + "-*");
    if (found.status() == 403) {
      return null;
    }
    Set<String> names = new HashSet<>();
    if (found.status() == 404) {
      return names;
    }
    if (!found.ok()) {
      throw EsClient.error("reading aliases " + prefix + "-*", found);
    }
    found.json().forEach(index -> index.path("aliases").fieldNames().forEachRemaining(names::add));
    return names;
  }

  /**
   * Whether the alias exists: listed, or else asked about alone, since a listing through a wildcard
   * shows only the indices these credentials may see.
   */
  private static boolean aliasExists(EsClient es, Set<String> listed, String alias) throws EsException {
    if (listed != null && listed.contains(alias)) {
      return true;
    }
    var response = es.send("HEAD", "/_alias/" + alias, (byte[]) null, null);
    if (response.status() == 403) {
      // Writers may lack view_index_metadata; the index itself answering is proof enough.
      return es.get("/" + alias + "/_count").ok();
    }
    return response.ok();
  }

  private static EsException missing(String what, String privilege) {
    return new EsException(EsException.Kind.FORBIDDEN, 403, what + " is missing and these credentials"
        + " may not create it: let the operator install the templates, or grant " + privilege);
  }
}
