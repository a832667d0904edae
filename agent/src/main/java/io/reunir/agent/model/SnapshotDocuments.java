package io.reunir.agent.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A whole snapshot as {@code {"node": {...}, "packages": [...], "services": [...]}}, plus
 * {@code "processes": [...]} when the opt-in processes probe listed any.
 */
public final class SnapshotDocuments {
  private SnapshotDocuments() {}

  public static ObjectNode render(Snapshot snapshot, DocumentContext context) {
    var root = JsonNodeFactory.instance.objectNode();
    root.set("node", Documents.node(snapshot, context));
    for (String section : SECTIONS) {
      if (section.equals("processes") && snapshot.processes().isEmpty()) {
        continue;
      }
      ArrayNode array = root.putArray(section);
      docs(snapshot, context, section).forEachRemaining(array::add);
    }
    return root;
  }

  /**
   * Streams the same JSON as {@link #render} one document at a time, so a host with tens of
   * thousands of packages never holds all its documents at once. {@code out} needs no codec.
   */
  public static void write(Snapshot snapshot, DocumentContext context, JsonGenerator out)
      throws IOException {
    out.writeStartObject();
    out.writeFieldName("node");
    JsonTrees.write(Documents.node(snapshot, context), out);
    for (String section : SECTIONS) {
      if (section.equals("processes") && snapshot.processes().isEmpty()) {
        continue;
      }
      out.writeArrayFieldStart(section);
      for (Iterator<ObjectNode> it = docs(snapshot, context, section); it.hasNext(); ) {
        JsonTrees.write(it.next(), out);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private static final List<String> SECTIONS = List.of("packages", "services", "processes");

  /** The package documents, in snapshot order, rendered one at a time as the caller asks. */
  public static Iterator<ObjectNode> packageDocs(Snapshot snapshot, DocumentContext context) {
    return docs(snapshot, context, "packages");
  }

  /** The service documents, in snapshot order, rendered one at a time as the caller asks. */
  public static Iterator<ObjectNode> serviceDocs(Snapshot snapshot, DocumentContext context) {
    return docs(snapshot, context, "services");
  }

  /** The documents of one section, rendered lazily. */
  private static Iterator<ObjectNode> docs(Snapshot snapshot, DocumentContext context, String section) {
    return switch (section) {
      case "packages" -> {
        Set<String> inUse = inUsePackages(snapshot);
        yield snapshot.packages().stream()
            .map(p -> Documents.packageDoc(snapshot, context, p, inUse(snapshot, inUse, p.name()),
                deletedInUse(snapshot.libraryUse(), p.name()), deletedInUseBy(snapshot, p.name())))
            .iterator();
      }
      case "services" -> snapshot.services().stream()
          .map(s -> Documents.serviceDoc(snapshot, context, s)).iterator();
      default -> snapshot.processes().stream()
          .map(p -> Documents.processDoc(snapshot, context, p)).iterator();
    };
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
  public static Set<String> inUsePackages(Snapshot snapshot) {
    Stream<String> services = snapshot.services().stream()
        .filter(s -> "running".equals(s.state()))
        .map(ServiceRecord::packageName);
    Stream<String> processes = snapshot.processes().stream().map(ProcessRecord::packageName);
    return Stream.concat(services, processes).filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
