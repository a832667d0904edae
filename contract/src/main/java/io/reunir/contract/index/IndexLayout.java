package io.reunir.contract.index;

import java.util.List;

/**
 * The indices of one prefix. Each is written and read through its alias
 * ({@code <prefix>-packages}); the concrete index is {@code <prefix>-packages-v1}, so a mapping change
 * can reindex into {@code -v2} and move the alias.
 */
public record IndexLayout(String prefix) {
  public static final List<String> NAMES = List.of("nodes", "packages", "services", "changes",
      "images", "containers");
  /**
   * The indices of distribution advisories and of the findings matched against them. The operator
   * installs their templates and writes them (the advisory import and the fleet match); agents never
   * touch them, so they are not in {@link #NAMES}, the list the agent installs.
   */
  public static final List<String> ADVISORY_NAMES = List.of("advisories", "findings");
  public static final String VERSION = "v1";

  public IndexLayout {
    if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9_.-]*")) {
      throw new IllegalArgumentException("elasticsearch.indexPrefix: '" + prefix
          + "' must be lowercase letters, digits, '-', '_' or '.'");
    }
  }

  public String alias(String name) {
    return prefix + "-" + name;
  }

  public String concreteIndex(String name) {
    return alias(name) + "-" + VERSION;
  }

  public String templateName(String name) {
    return prefix + "-" + name;
  }

  public String nodes() {
    return alias("nodes");
  }

  public String packages() {
    return alias("packages");
  }

  public String services() {
    return alias("services");
  }

  public String changes() {
    return alias("changes");
  }

  /** The packages of each container image fingerprint, shared by every node that runs it. */
  public String images() {
    return alias("images");
  }

  /** One document per running container of each node. */
  public String containers() {
    return alias("containers");
  }

  public String advisories() {
    return alias("advisories");
  }

  public String findings() {
    return alias("findings");
  }
}
