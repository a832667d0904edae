package io.reunir.advisories.osv;

import java.util.List;

/**
 * What one read of an export did: {@code records} valid records handed on, {@code errorCount} records
 * or files that could not be read, the first {@link OsvReader#ERRORS_KEPT} of them in {@code errors}.
 */
public record ReadReport(int files, int records, int errorCount, List<ReadError> errors) {
  public boolean clean() {
    return errorCount == 0;
  }
}
