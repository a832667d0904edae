package io.reunir.agent.model;

import java.util.Set;

/**
 * What the libraries probe learned from the host processes' memory maps: the packages owning a mapped
 * file, the packages whose replaced or removed file is still mapped ({@code " (deleted)"}), and whether
 * every host process's maps was read ({@code whole}). When not whole, a package absent from
 * {@code mapped} may still be in use by an unreadable process, so its "in use" is unknown, not false.
 */
public record LibraryUse(Set<String> mapped, Set<String> deleted, boolean whole) {
  public LibraryUse {
    mapped = Set.copyOf(mapped);
    deleted = Set.copyOf(deleted);
  }
}
