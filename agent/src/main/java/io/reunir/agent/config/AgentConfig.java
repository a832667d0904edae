package io.reunir.agent.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  public static final List<String> DEFAULT_PROBES =
      List.of("os", "hardware", "packages", "services", "kubernetes");

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public AgentConfig {
    hostRoot = hostRoot == null ? "/host" : hostRoot;
    interval = interval == null ? "1h" : interval;
    jitter = jitter == null ? "10m" : jitter;
    probes = probes == null ? DEFAULT_PROBES : List.copyOf(probes);
    files = files == null ? List.of() : List.copyOf(files);
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

  /** Parses and checks a config; the exception's message names the offending key or value. */
  public static AgentConfig parse(String json) throws IOException {
    AgentConfig config;
    try {
      config = MAPPER.readValue(json, AgentConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException("unknown key '" + e.getPropertyName() + "' at "
          + e.getPathReference().replaceAll("io\\.reunir\\.agent\\.config\\.", "")
          + " (known: " + e.getKnownPropertyIds() + ")");
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
    for (String url : elasticsearch.urls()) {
      if (!url.matches("^https?://[^\\s/]+(/.*)?$")) {
        throw new InvalidConfigException("elasticsearch.urls: '" + url + "' is not an http(s) URL");
      }
    }
    if (elasticsearch.usernameFile() != null ^ elasticsearch.passwordFile() != null) {
      throw new InvalidConfigException(
          "elasticsearch.usernameFile and elasticsearch.passwordFile go together");
    }
    Duration every;
    try {
      every = intervalDuration();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("interval: " + e.getMessage());
    }
    Duration spread;
    try {
      spread = jitterDuration();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("jitter: " + e.getMessage());
    }
    if (every.isZero()) {
      throw new InvalidConfigException("interval: must be longer than 0s");
    }
    if (spread.compareTo(every) > 0) {
      throw new InvalidConfigException("jitter: " + jitter + " is longer than the interval " + interval);
    }
  }

  /** A config that cannot be used; the message names the field. */
  public static final class InvalidConfigException extends IOException {
    public InvalidConfigException(String message) {
      super(message);
    }
  }
}
