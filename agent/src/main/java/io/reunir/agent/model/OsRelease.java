package io.reunir.agent.model;

/** The fields of os-release(5) that name a distribution. Any of them may be null. */
public record OsRelease(
    String id,
    String idLike,
    String name,
    String prettyName,
    String version,
    String versionId,
    String versionCodename) {}
