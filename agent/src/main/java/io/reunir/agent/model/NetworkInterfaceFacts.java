package io.reunir.agent.model;

import java.util.List;

public record NetworkInterfaceFacts(String name, String mac, List<String> addresses) {}
