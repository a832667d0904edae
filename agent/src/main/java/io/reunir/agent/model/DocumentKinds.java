package io.reunir.agent.model;

import io.reunir.contract.index.IndexLayout;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The document kinds, one line each, in the order {@code collect} prints them. Here rather than
 * beside the probe registry: the renderers and the sync both iterate them, and the registry imports
 * every probe.
 */
public final class DocumentKinds {
  public static final List<DocumentKind<?>> ALL = List.of(
      PackageKind.KIND,
      ServiceKind.KIND,
      ProcessKind.KIND,
      ContainerKind.KIND,
      ImageKind.KIND);

  private DocumentKinds() {}

  /** The kinds whose documents live in their own index. */
  public static List<IndexedKind<?>> indexed() {
    return ALL.stream().filter(kind -> kind instanceof IndexedKind<?>)
        .<IndexedKind<?>>map(kind -> (IndexedKind<?>) kind).toList();
  }

  /** The indexed kind of this name (a {@code StateEntry}'s index). */
  public static IndexedKind<?> indexed(String name) {
    return indexed().stream().filter(kind -> kind.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no indexed document kind '" + name + "'"));
  }

  /** The aliases of the indexed kinds, comma-separated as a search path takes them. */
  public static String aliases(IndexLayout layout) {
    return indexed().stream().map(kind -> layout.alias(kind.name())).collect(Collectors.joining(","));
  }

  /** The aliases of the indexed kinds, as a request's list of targets. */
  public static List<String> aliasList(IndexLayout layout) {
    return indexed().stream().map(kind -> layout.alias(kind.name())).toList();
  }

  /** The indexed kind a concrete index ({@code reunir-services-v1}) belongs to. */
  public static Optional<IndexedKind<?>> ofConcreteIndex(IndexLayout layout, String concrete) {
    return indexed().stream().filter(kind -> concrete.startsWith(layout.alias(kind.name()) + "-"))
        .findFirst();
  }
}
