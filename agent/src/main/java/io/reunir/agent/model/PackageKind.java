package io.reunir.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One document per (node, package): id {@code type/name/arch}, the version when rpm repeats a name. */
final class PackageKind implements IndexedKind<PackageRecord> {
  static final PackageKind KIND = new PackageKind();

  private PackageKind() {}

  @Override
  public String name() {
    return "packages";
  }

  @Override
  public List<PackageRecord> records(Snapshot snapshot) {
    return snapshot.packages();
  }

  @Override
  public Iterator<ObjectNode> render(Snapshot snapshot, DocumentContext context) {
    Set<String> inUse = inUsePackages(snapshot);
    return snapshot.packages().stream()
        .map(p -> Documents.packageDoc(snapshot, context, p, inUse(snapshot, inUse, p.name()),
            deletedInUse(snapshot.libraryUse(), p.name()), deletedInUseBy(snapshot, p.name())))
        .iterator();
  }

  @Override
  public String key(PackageRecord pkg) {
    return pkg.type() + "/" + pkg.name() + "/" + (pkg.architecture() == null ? "" : pkg.architecture());
  }

  @Override
  public String variant(PackageRecord pkg) {
    return pkg.version();
  }

  @Override
  public Subject subject(PackageRecord pkg) {
    return new Subject(pkg.type(), pkg.name(), pkg.architecture(), pkg.version());
  }

  @Override
  public List<String> sourceFields() {
    return List.of("package.type", "package.name", "package.architecture", "package.version");
  }

  @Override
  public Subject subject(JsonNode source) {
    JsonNode pkg = source.path("package");
    return new Subject(IndexedKind.text(pkg.path("type")), IndexedKind.text(pkg.path("name")),
        IndexedKind.text(pkg.path("architecture")), IndexedKind.text(pkg.path("version")));
  }

  @Override
  public String added() {
    return "package_installed";
  }

  @Override
  public String removed() {
    return "package_removed";
  }

  @Override
  public String changed(String before, String now) {
    return "package_updated";
  }

  @Override
  public void putEventFields(ObjectNode event, ObjectNode reunir, Subject subject, Subject now,
      Subject before) {
    var pkg = event.putObject("package");
    IndexedKind.putIfNotNull(pkg, "type", subject.type());
    IndexedKind.putIfNotNull(pkg, "name", subject.name());
    IndexedKind.putIfNotNull(pkg, "architecture", subject.architecture());
    if (now != null) {
      IndexedKind.putIfNotNull(pkg, "version", now.value());
    }
    if (before != null) {
      IndexedKind.putIfNotNull(reunir.putObject("package"), "previous_version", before.value());
    }
  }

  /**
   * True when a running program or a mapped file proves it; unknown (null) when the libraries probe
   * could not read every process's maps, since an unread process may map this package's library;
   * false only when the running programs are known.
   */
  private static Boolean inUse(Snapshot snapshot, Set<String> inUse, String name) {
    LibraryUse libraries = snapshot.libraryUse();
    if (inUse.contains(name) || (libraries != null && libraries.mapped().contains(name))) {
      return true;
    }
    if (libraries != null && !libraries.whole()) {
      return null;
    }
    return snapshot.runningProgramsKnown() ? false : null;
  }

  /** Whether a running process still maps this package's replaced or removed file; null if unknown. */
  private static Boolean deletedInUse(LibraryUse libraries, String name) {
    if (libraries == null) {
      return null;
    }
    return libraries.deletedBy().containsKey(name) ? Boolean.TRUE : libraries.whole() ? false : null;
  }

  private static List<String> deletedInUseBy(Snapshot snapshot, String name) {
    return snapshot.libraryUse() == null ? null : snapshot.libraryUse().deletedBy().get(name);
  }

  /**
   * Packages that own the executable of a running service or of a listed process: the ones a
   * vulnerability really touches. Meaningful only when {@link Snapshot#runningProgramsKnown()}.
   */
  static Set<String> inUsePackages(Snapshot snapshot) {
    Stream<String> services = snapshot.services().stream()
        .filter(s -> "running".equals(s.state()))
        .map(ServiceRecord::packageName);
    Stream<String> processes = snapshot.processes().stream().map(ProcessRecord::packageName);
    return Stream.concat(services, processes).filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
