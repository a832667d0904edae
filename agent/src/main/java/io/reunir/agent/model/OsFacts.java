package io.reunir.agent.model;

import java.time.Instant;

/** What the os probe learns. Fields it could not read are null. */
public record OsFacts(
    String hostname,
    String machineId,
    String bootId,
    Instant bootTime,
    Long uptimeSeconds,
    String kernel,
    String architecture,
    OsRelease release) {}
