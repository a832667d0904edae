package io.reunir.agent.sync;


/**
 * One document the node's current state calls for, with its {@code _id}, the index name it belongs to
 * ({@code packages} or {@code services}) and what a change event needs to know about it. The source
 * is the document's JSON text, hash included: a few hundred bytes where a Jackson tree took thousands.
 */
public record DesiredDocument(String index, String id, String source, StateEntry entry) {}
