package io.reunir.agent.model;

/** One mounted file system; sizes in bytes. */
public record FilesystemFacts(String mount, String type, Long size, Long free) {}
