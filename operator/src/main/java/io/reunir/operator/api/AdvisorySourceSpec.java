package io.reunir.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Where the OSV export is, which ecosystems of it to import, how often, and into which cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdvisorySourceSpec(
    @Required
    @JsonPropertyDescription("Exactly one of url, configMap or path.")
    Location source,
    @JsonPropertyDescription("OSV ecosystem names to import (Debian, Ubuntu, Alpine, AlmaLinux, ...);"
        + " default: the platforms present in the fleet's <prefix>-nodes.")
    List<@Size(min = 1, max = 64) String> ecosystems,
    @Default(DEFAULT_INTERVAL)
    @Pattern(Schedule.DURATION_PATTERN)
    @Size(max = 32)
    @JsonPropertyDescription("How often to import and match: 90s, 15m, 6h.")
    String interval,
    @Required
    ElasticsearchTarget elasticsearch) {

  public static final String DEFAULT_INTERVAL = "6h";

  public String intervalOrDefault() {
    return interval == null ? DEFAULT_INTERVAL : interval;
  }

  /** An OSV export: a file, a directory of records, or a zip (osv.dev's all.zip). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Location(
      @Pattern("^https?://\\S+$")
      @JsonPropertyDescription("HTTP(S) URL of an export file or a mirror's copy of it.")
      String url,
      @JsonPropertyDescription("A ConfigMap in this namespace holding a record, an array or NDJSON.")
      ConfigMapKey configMap,
      @Pattern("^/\\S*$")
      @JsonPropertyDescription("A file or directory on a volume mounted into the operator.")
      String path) {}

  /** One key of a ConfigMap. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConfigMapKey(
      @Required
      @Pattern(ElasticsearchTarget.DNS_SUBDOMAIN)
      String name,
      @Required
      String key) {}
}
