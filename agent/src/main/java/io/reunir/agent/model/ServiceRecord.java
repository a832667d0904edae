package io.reunir.agent.model;

/**
 * One systemd service unit. {@code state} is {@code running} or {@code stopped}; {@code enabled} is the
 * unit file state ({@code enabled}, {@code disabled}, {@code masked}, {@code static}, …);
 * {@code packageName} names the package that owns the main executable; {@code executableDeleted} says
 * the running program's file was replaced or removed since it started (typically: upgraded, not yet
 * restarted, so the old version is what runs); {@code executableSource} says where the executable came
 * from: {@code proc} (the running process's exe link) or {@code unit} (the unit's {@code ExecStart=}).
 */
public record ServiceRecord(
    String name,
    String state,
    String subState,
    String enabled,
    Long pid,
    String executable,
    String packageName,
    Boolean executableDeleted,
    String executableSource) {}
