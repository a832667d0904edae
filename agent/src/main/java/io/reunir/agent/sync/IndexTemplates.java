package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The composable index templates of the four indices, kept as JSON resources with a {@code {{prefix}}}
 * placeholder so the operator installs exactly what the agent would. {@link #ensure} is idempotent:
 * it only adds what is missing and never overwrites a template someone tuned.
 */
public final class IndexTemplates {
  private IndexTemplates() {}

  /** The template body for one index name ({@code nodes}, …) with the prefix filled in. */
  public static ObjectNode template(String name, String prefix) {
    String resource = "/io/reunir/agent/templates/" + name + ".json";
    try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{prefix}}", prefix);
      return (ObjectNode) EsClient.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What {@link #ensure} did, for a log line. */
  public record Result(List<String> templatesCreated, List<String> indicesCreated) {}

  /**
   * Installs missing templates and creates missing {@code -v1} indices behind their aliases. When the
   * credentials may not (403), the error says what is missing and which privilege would fix it.
   */
  public static Result ensure(EsClient es, String prefix) throws EsException {
    var layout = new IndexLayout(prefix);
    List<String> templates = new ArrayList<>();
    List<String> indices = new ArrayList<>();
    for (String name : IndexLayout.NAMES) {
      String template = layout.templateName(name);
      var found = es.get("/_index_template/" + template);
      if (found.status() == 404) {
        var put = es.put("/_index_template/" + template, template(name, prefix).toString());
        if (put.status() == 403) {
          throw missing("index template " + template, "manage_index_templates (cluster privilege)");
        }
        if (!put.ok()) {
          throw EsClient.error("creating index template " + template, put);
        }
        templates.add(template);
      } else if (found.status() == 403) {
        // Without the right to read templates, the alias's existence is the best evidence.
        if (aliasExists(es, layout.alias(name))) {
          continue;
        }
        throw missing("index template " + template, "manage_index_templates (cluster privilege)");
      } else if (!found.ok()) {
        throw EsClient.error("reading index template " + template, found);
      }
      if (!aliasExists(es, layout.alias(name))) {
        String body = "{\"aliases\":{\"" + layout.alias(name) + "\":{\"is_write_index\":true}}}";
        var created = es.put("/" + layout.concreteIndex(name), body);
        if (created.status() == 403) {
          throw missing("index " + layout.concreteIndex(name) + " with alias " + layout.alias(name),
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
    }
    return new Result(templates, indices);
  }

  private static boolean aliasExists(EsClient es, String alias) throws EsException {
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
