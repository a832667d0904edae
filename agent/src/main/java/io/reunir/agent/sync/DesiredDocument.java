package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document the node's current state calls for, with its {@code _id}, the index name it belongs to
 * ({@code packages} or {@code services}) and what a change event needs to know about it. {@code json}
 * is {@code source} already serialised (see {@link ContentHash#stamp}), what the bulk request sends.
 */
public record DesiredDocument(String index, String id, ObjectNode source, byte[] json, StateEntry entry) {}
