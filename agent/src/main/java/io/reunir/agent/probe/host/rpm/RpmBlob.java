package io.reunir.agent.probe.host.rpm;

/** One header blob read from a database; {@code where} names its position for error messages. */
public record RpmBlob(String where, byte[] bytes) {}
