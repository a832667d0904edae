package io.reunir.contract.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.reunir.contract.probe.ProbeCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The agent's config file: what the operator writes into the policy's ConfigMap, and what a person
 * writes to run the agent anywhere. Schema (every key optional except {@code elasticsearch.urls}):
 *
 * <pre>
 * {
 *   "clusterName": "prod-eu-1",          // orchestrator.cluster.name on every document
 *   "policy": "all-nodes",               // reunir.policy on the node document
 *   "hostRoot": "/host",                 // where the host's file system is mounted
 *   "interval": "1h",                    // one full cycle per interval (Kubernetes-style duration)
 *   "jitter": "10m",                     // first cycle after a random delay within this
 *   "probes": ["os", "hardware", "packages", "services", "kubernetes"],
 *   "files": [],                         // host paths the opt-in files probe hashes
 *   "collectNow": null,                  // a new value asks for an immediate cycle
 *   "elasticsearch": {
 *     "urls": ["https://es.example:9200"],
 *     "indexPrefix": "reunir",
 *     "apiKeyFile": "/etc/reunir/es/apiKey",
 *     "usernameFile": null, "passwordFile": null,
 *     "caFile": "/etc/reunir/es-ca/ca.crt"
 *   }
 * }
 * </pre>
 *
 * Unknown keys are an error that names the key: a typo must not silently fall back to a default.
 * So are a duplicate key, text after the object, and a value of the wrong JSON type (no number is
 * read as a string): every problem is found here, none is left to fail during a sync.
 */
public record AgentConfig(
    String clusterName,
    String policy,
    String hostRoot,
    String interval,
    String jitter,
    List<String> probes,
    List<String> files,
    String collectNow,
    ElasticsearchConfig elasticsearch) {

  /** The defaults of an agent config; the operator's CRD defaults are these same constants. */
  public static final String DEFAULT_HOST_ROOT = "/host";
  public static final String DEFAULT_INTERVAL = "1h";
  public static final String DEFAULT_JITTER = "10m";
  public static final List<String> DEFAULT_PROBES = ProbeCatalogue.defaults();

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
          DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .withCoercionConfig(LogicalType.Textual, strings -> strings
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  /** The index prefix rule of the CollectionPolicy CRD, so both sides accept the same prefixes. */
  private static final String INDEX_PREFIX = "^[a-z0-9][a-z0-9_-]*$";

  public AgentConfig {
    hostRoot = hostRoot == null ? DEFAULT_HOST_ROOT : hostRoot;
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    jitter = jitter == null ? DEFAULT_JITTER : jitter;
    probes = probes == null ? DEFAULT_PROBES : copy(probes);
    files = files == null ? List.of() : copy(files);
  }

  /** An unmodifiable copy that keeps null elements, so {@link #validate} can name them. */
  static List<String> copy(List<String> list) {
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  public Duration intervalDuration() {
    return Durations.parse(interval);
  }

  public Duration jitterDuration() {
    return Durations.parse(jitter);
  }

  public static AgentConfig read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /**
   * Parses and checks a config. The only exception is {@link InvalidConfigException}, whose message
   * is one line, {@code <field>: <why>}.
   */
  public static AgentConfig parse(String json) throws InvalidConfigException {
    AgentConfig config;
    try {
      config = MAPPER.readValue(json, AgentConfig.class);
    } catch (JacksonException e) {
      throw ConfigErrors.of(e);
    } catch (IOException e) {
      throw new InvalidConfigException(ConfigErrors.TOP + ": unreadable (" + e.getClass().getSimpleName() + ")");
    }
    if (config == null) {
      throw new InvalidConfigException(ConfigErrors.TOP + ": null; expected a JSON object");
    }
    config.validate();
    return config;
  }

  public String toJson() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void validate() throws InvalidConfigException {
    if (elasticsearch == null || elasticsearch.urls().isEmpty()) {
      throw new InvalidConfigException("elasticsearch.urls: at least one URL is required");
    }
    for (int i = 0; i < elasticsearch.urls().size(); i++) {
      String field = "elasticsearch.urls[" + i + "]";
      try {
        EsUrls.parse(elasticsearch.urls().get(i));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(field + ": " + e.getMessage());
      }
    }
    if (!elasticsearch.indexPrefix().matches(INDEX_PREFIX)) {
      throw new InvalidConfigException("elasticsearch.indexPrefix: '" + elasticsearch.indexPrefix()
          + "' is not lower-case letters, digits, '-' and '_', starting with a letter or digit");
    }
    if (elasticsearch.usernameFile() != null ^ elasticsearch.passwordFile() != null) {
      throw new InvalidConfigException(
          "elasticsearch.usernameFile and elasticsearch.passwordFile go together");
    }
    if (elasticsearch.apiKeyFile() != null && elasticsearch.usernameFile() != null) {
      throw new InvalidConfigException("elasticsearch.apiKeyFile: set with usernameFile; choose one way"
          + " to authenticate");
    }
    path("elasticsearch.apiKeyFile", elasticsearch.apiKeyFile());
    path("elasticsearch.usernameFile", elasticsearch.usernameFile());
    path("elasticsearch.passwordFile", elasticsearch.passwordFile());
    path("elasticsearch.caFile", elasticsearch.caFile());
    path("hostRoot", hostRoot);
    for (int i = 0; i < probes.size(); i++) {
      if (probes.get(i) == null) {
        throw new InvalidConfigException("probes[" + i + "]: null; expected a probe name");
      }
    }
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i) == null) {
        throw new InvalidConfigException("files[" + i + "]: null; expected a host path");
      }
      path("files[" + i + "]", files.get(i));
    }
    Duration every = duration("interval", interval);
    Duration spread = duration("jitter", jitter);
    if (every.isZero()) {
      throw new InvalidConfigException("interval: must be longer than 0s");
    }
    if (spread.compareTo(every) > 0) {
      throw new InvalidConfigException("jitter: " + jitter + " is longer than the interval " + interval);
    }
  }

  private static Duration duration(String field, String text) throws InvalidConfigException {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(field + ": " + e.getMessage());
    }
  }

  /** A file path, when set, must be one the JDK can open: no NUL, not empty. */
  private static void path(String field, String path) throws InvalidConfigException {
    if (path == null) {
      return;
    }
    try {
      if (path.isBlank() || Path.of(path).toString().isEmpty()) {
        throw new InvalidConfigException(field + ": empty; expected a file path");
      }
    } catch (InvalidPathException e) {
      throw new InvalidConfigException(field + ": not a usable path (" + e.getReason() + ")");
    }
  }

  /** A config that cannot be used; the message names the field. */
  public static final class InvalidConfigException extends IOException {
    public InvalidConfigException(String message) {
      super(message);
    }
  }
}
