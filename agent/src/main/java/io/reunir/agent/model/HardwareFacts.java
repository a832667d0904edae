package io.reunir.agent.model;

import java.util.List;

/** What the hardware probe learns. Fields it could not read are null (and explained in the errors). */
public record HardwareFacts(
    CpuFacts cpu,
    Long memoryTotal,
    List<FilesystemFacts> filesystems,
    List<NetworkInterfaceFacts> interfaces,
    List<DiskFacts> disks) {}
