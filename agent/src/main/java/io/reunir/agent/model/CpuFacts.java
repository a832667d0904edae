package io.reunir.agent.model;

public record CpuFacts(String model, Integer sockets, Integer cores, Integer logical) {}
