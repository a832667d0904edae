package io.reunir.agent.model;

/**
 * One whole block device of the host; {@code size} in bytes. {@code model} and {@code serial} are
 * null where the device does not publish them (many virtual disks have neither).
 */
public record DiskFacts(String name, Long size, Boolean rotational, String model, String serial) {}
