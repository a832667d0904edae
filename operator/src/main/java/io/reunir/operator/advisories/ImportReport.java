package io.reunir.operator.advisories;

import java.util.List;
import java.util.Set;

/**
 * What one import did. {@code records} OSV records read, {@code documents} advisory documents they
 * gave (after the ecosystem filter), {@code written} of them new or changed and indexed,
 * {@code unchanged} already in the index with the same content; {@code errorCount} records, entries
 * or documents that failed, the first {@link AdvisoryImport#ERRORS_KEPT} named in {@code errors}.
 */
public record ImportReport(int records, int documents, int written, int unchanged, int skipped,
    int errorCount, List<String> errors, Set<String> ecosystems) {

  public boolean clean() {
    return errorCount == 0;
  }
}
