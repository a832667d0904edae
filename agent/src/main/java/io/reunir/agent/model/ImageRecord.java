package io.reunir.agent.model;

import java.util.List;

/**
 * The packages of one container root, keyed by the fingerprint of its package databases and
 * os-release: every container of the same image has the same one, so they share one record and
 * one set of image documents.
 *
 * @param os the image's own os-release (null when it has none)
 */
public record ImageRecord(String fingerprint, OsRelease os, List<PackageRecord> packages) {
  public ImageRecord {
    packages = List.copyOf(packages);
  }
}
