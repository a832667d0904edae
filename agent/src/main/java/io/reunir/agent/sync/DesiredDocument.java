package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document the node's current state calls for, with its {@code _id}, the index name it belongs to
 * ({@code packages} or {@code services}) and what a change event needs to know about it.
 */
public record DesiredDocument(String index, String id, ObjectNode source, StateEntry entry) {}
