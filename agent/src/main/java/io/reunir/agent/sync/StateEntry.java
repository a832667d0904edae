package io.reunir.agent.sync;

/**
 * What the agent remembers about one document Elasticsearch holds for its node: the content hash, and
 * the few fields change events quote. {@code value} is {@code package.version} for a package and
 * {@code service.state} for a service. A null hash means "known on the node but not in Elasticsearch":
 * it is written again without announcing a change.
 */
public record StateEntry(String index, String hash, String type, String name, String architecture,
    String value) {

  StateEntry withoutHash() {
    return new StateEntry(index, null, type, name, architecture, value);
  }
}
