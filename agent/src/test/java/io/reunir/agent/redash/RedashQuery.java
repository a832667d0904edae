package io.reunir.agent.redash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query file of {@code redash/queries/}, run the way Redash's Elasticsearch data source runs it:
 * {@code {{ parameters }}} replaced by their raw values (Redash's mustache does not escape), the text
 * parsed as JSON, {@code index} and {@code result_fields} removed, the rest posted to
 * {@code /{index}/_search}.
 */
public record RedashQuery(String name, String text) {
  private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*\\}\\}");

  public static RedashQuery load(Path file) throws IOException {
    return new RedashQuery(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The parameter names the query uses, in order of first appearance. */
  public List<String> parameters() {
    List<String> names = new ArrayList<>();
    Matcher m = PARAMETER.matcher(text);
    while (m.find()) {
      if (!names.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The JSON body after parameter substitution, still holding {@code index} and {@code result_fields}. */
  ObjectNode render(Map<String, String> values) throws IOException {
    Matcher m = PARAMETER.matcher(text);
    var out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(name + " uses parameter " + m.group(1) + " but no value was given");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    JsonNode json = EsHttp.JSON.readTree(out.toString());
    if (!json.isObject()) {
      throw new IllegalArgumentException(name + " is not a JSON object after substitution");
    }
    return (ObjectNode) json;
  }

  /**
   * Runs the query; {@code indexPrefix} replaces the {@code reunir} prefix of the alias so tests can
   * share one Elasticsearch.
   */
  public List<ObjectNode> run(EsHttp es, String indexPrefix, Map<String, String> values)
      throws IOException, InterruptedException {
    return run(es, indexPrefix, render(values));
  }

  static List<ObjectNode> run(EsHttp es, String indexPrefix, ObjectNode body)
      throws IOException, InterruptedException {
    ObjectNode query = body.deepCopy();
    String index = query.remove("index").asText();
    JsonNode fields = query.remove("result_fields");
    List<String> resultFields = new ArrayList<>();
    if (fields != null) {
      fields.forEach(f -> resultFields.add(f.asText()));
    }
    if (!index.startsWith("reunir-")) {
      throw new IllegalArgumentException("index " + index + " does not name a reunir-* alias");
    }
    String target = indexPrefix + index.substring("reunir".length());
    var answer = es.send("POST", "/" + target + "/_search", query.toString(), "application/json");
    return RedashResults.rows(answer.body(), resultFields);
  }
}
