package io.reunir.agent.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one collection learned about one host. {@code runningProgramsKnown} says that a probe
 * (services or processes) saw which programs run, so a package absent from them is really not in use;
 * without it "in use" is unknown, not false.
 *
 * <p>A failed read is not an absence. {@code collected} names the document kinds whose probe ran
 * ({@code packages}, {@code services}); {@code complete} names the scopes that were read whole: a kind
 * ({@code services}) or a kind and package type ({@code packages/deb}) whose database was read to the
 * end without a problem. Only a complete scope may lose documents: see {@link #mayDelete}.
 */
public record Snapshot(
    String scanId,
    Instant collectedAt,
    String nodeName,
    OsFacts os,
    HardwareFacts hardware,
    KubernetesFacts kubernetes,
    List<PackageRecord> packages,
    List<ServiceRecord> services,
    List<ProcessRecord> processes,
    List<FileRecord> files,
    List<ContainerRecord> containers,
    List<ProbeError> errors,
    boolean runningProgramsKnown,
    LibraryUse libraryUse,
    Set<String> collected,
    Set<String> complete) {

  /**
   * Whether a document of this kind (and package type) that the snapshot lacks is really gone: its
   * probe did not run at all (the policy dropped it), or it read that scope whole.
   */
  public boolean mayDelete(String kind, String type) {
    return !collected.contains(kind) || complete.contains(kind)
        || (type != null && complete.contains(kind + "/" + type));
  }

  public static Builder builder(String scanId, Instant collectedAt) {
    return new Builder(scanId, collectedAt);
  }

  /** Probes fill a builder; each sets its own part. */
  public static final class Builder {
    private final String scanId;
    private final Instant collectedAt;
    private String nodeName;
    private OsFacts os;
    private HardwareFacts hardware;
    private KubernetesFacts kubernetes;
    private final List<PackageRecord> packages = new ArrayList<>();
    private final List<ServiceRecord> services = new ArrayList<>();
    private final List<ProcessRecord> processes = new ArrayList<>();
    private final List<FileRecord> files = new ArrayList<>();
    private final List<ContainerRecord> containers = new ArrayList<>();
    private final List<ProbeError> errors = new ArrayList<>();
    private boolean runningProgramsKnown;
    private LibraryUse libraryUse;
    private final Set<String> collected = new LinkedHashSet<>();
    private final Set<String> complete = new LinkedHashSet<>();

    private Builder(String scanId, Instant collectedAt) {
      this.scanId = scanId;
      this.collectedAt = collectedAt;
    }

    public Builder nodeName(String value) {
      nodeName = value;
      return this;
    }

    public String nodeName() {
      return nodeName;
    }

    public Builder os(OsFacts value) {
      os = value;
      return this;
    }

    public OsFacts os() {
      return os;
    }

    public Builder hardware(HardwareFacts value) {
      hardware = value;
      return this;
    }

    public Builder kubernetes(KubernetesFacts value) {
      kubernetes = value;
      return this;
    }

    public Builder addPackages(List<PackageRecord> value) {
      packages.addAll(value);
      return this;
    }

    public Builder addServices(List<ServiceRecord> value) {
      services.addAll(value);
      return this;
    }

    public Builder addProcesses(List<ProcessRecord> value) {
      processes.addAll(value);
      return this;
    }

    public Builder addFiles(List<FileRecord> value) {
      files.addAll(value);
      return this;
    }

    public Builder addContainers(List<ContainerRecord> value) {
      containers.addAll(value);
      return this;
    }

    /** Called by a probe that saw the host's running programs and their owning packages. */
    public Builder runningProgramsKnown() {
      runningProgramsKnown = true;
      return this;
    }

    /** Set by the opt-in libraries probe; absent (null) when it did not run. */
    public Builder libraryUse(LibraryUse value) {
      libraryUse = value;
      return this;
    }

    /** Says that the probe of this document kind ran (whether or not it read everything). */
    public Builder collected(String kind) {
      collected.add(kind);
      return this;
    }

    /**
     * Says that a scope was read whole: a kind ({@code services}) or a kind and package type
     * ({@code packages/rpm}). Call it only after the last record of that scope was added without a
     * problem; without it, nothing of that scope is ever deleted.
     */
    public Builder complete(String scope) {
      complete.add(scope);
      return this;
    }

    /** Records that a probe, or one part of it, could not do its work. */
    public Builder error(String probe, String message) {
      errors.add(new ProbeError(probe, message));
      return this;
    }

    /**
     * Adds what another builder of the same scan holds after what this one holds: concurrent probes
     * each fill their own part, merged in probe order.
     */
    public Builder addAll(Builder part) {
      if (part.nodeName != null) {
        nodeName = part.nodeName;
      }
      if (part.os != null) {
        os = part.os;
      }
      if (part.hardware != null) {
        hardware = part.hardware;
      }
      if (part.kubernetes != null) {
        kubernetes = part.kubernetes;
      }
      packages.addAll(part.packages);
      services.addAll(part.services);
      processes.addAll(part.processes);
      files.addAll(part.files);
      containers.addAll(part.containers);
      errors.addAll(part.errors);
      runningProgramsKnown |= part.runningProgramsKnown;
      if (part.libraryUse != null) {
        libraryUse = part.libraryUse;
      }
      collected.addAll(part.collected);
      complete.addAll(part.complete);
      return this;
    }

    public Snapshot build() {
      return new Snapshot(scanId, collectedAt, nodeName, os, hardware, kubernetes, List.copyOf(packages),
          List.copyOf(services), List.copyOf(processes), List.copyOf(files), List.copyOf(containers),
          List.copyOf(errors), runningProgramsKnown, libraryUse, Set.copyOf(collected), Set.copyOf(complete));
    }
  }
}
