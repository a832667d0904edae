package io.reunir.agent.model;

public record ProbeError(String probe, String error) {}
