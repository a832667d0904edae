package io.reunir.advisories;

/**
 * One interval of affected versions, each bound with its version key: from {@code introduced}
 * (inclusive; null is "every version", OSV's {@code "0"}) up to {@code fixed} (exclusive) or
 * {@code lastAffected} (inclusive), and below {@code limit} (exclusive) when the range has one.
 * No upper bound at all means no fixed version is known.
 */
public record AffectedRange(
    String introduced,
    String introducedKey,
    String fixed,
    String fixedKey,
    String lastAffected,
    String lastAffectedKey,
    String limit,
    String limitKey) {

  public boolean hasFix() {
    return fixed != null;
  }
}
