package io.reunir.agent.model;

/**
 * One host process. {@code executable} is the host path of its program; {@code packageName} the package
 * owning it, only for processes in the host's own mount namespace (a container's {@code /usr/bin/x} is
 * not the host's). {@code uid} and {@code user} come from {@code status} and the host's passwd.
 * {@code executableDeleted} as in {@link ServiceRecord}.
 */
public record ProcessRecord(long pid, String name, String executable, Long uid, String user,
    String packageName, Boolean executableDeleted, String executableSource) {}
