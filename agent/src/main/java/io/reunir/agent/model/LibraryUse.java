package io.reunir.agent.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the libraries probe learned from the host processes' memory maps: the packages owning a mapped
 * file; for each package whose replaced or removed file is still mapped ({@code " (deleted)"}), the
 * names of the programs mapping it, sorted; and whether every host process's maps was read
 * ({@code whole}). When not whole, a package absent from {@code mapped} may still be in use by an
 * unreadable process, so its "in use" is unknown, not false.
 */
public record LibraryUse(Set<String> mapped, Map<String, List<String>> deletedBy, boolean whole) {
  public LibraryUse {
    mapped = Set.copyOf(mapped);
    deletedBy = Map.copyOf(deletedBy);
  }
}
