package io.reunir.agent.model;

public record ProcessRecord(long pid, String name, String executable, String user) {}
