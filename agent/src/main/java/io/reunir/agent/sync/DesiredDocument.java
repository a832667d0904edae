package io.reunir.agent.sync;


/**
 * One document the node's current state calls for, with its {@code _id}, the index name it belongs to
 * ({@code packages} or {@code services}) and what a change event needs to know about it. {@code json}
 * is the document serialised once, hash included (see {@link ContentHash#stamp}): what the bulk request
 * sends, and a few hundred bytes where keeping the Jackson tree took thousands.
 */
public record DesiredDocument(String index, String id, byte[] json, StateEntry entry) {}
