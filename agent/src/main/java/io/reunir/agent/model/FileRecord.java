package io.reunir.agent.model;

import java.time.Instant;

/** A host file named in the policy; {@code error} says why it could not be read. */
public record FileRecord(String path, Long size, Instant mtime, String sha256, String error) {}
