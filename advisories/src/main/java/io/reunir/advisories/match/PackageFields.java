package io.reunir.advisories.match;

/**
 * The fields of the packages index ({@code templates/packages.json}) a match reads: the agent writes
 * them, the match rule queries them, a finding copies them.
 */
public final class PackageFields {
  public static final String HOST_NAME = "host.name";
  public static final String OS_PLATFORM = "host.os.platform";
  public static final String OS_VERSION = "host.os.version";
  public static final String OS_FULL = "host.os.full";
  public static final String CLUSTER = "orchestrator.cluster.name";
  public static final String NODE_POOL = "reunir.node.pool";
  public static final String TYPE = "package.type";
  public static final String NAME = "package.name";
  public static final String VERSION = "package.version";
  public static final String ARCHITECTURE = "package.architecture";
  public static final String SOURCE = "reunir.package.source";
  public static final String VERSION_KEY = "reunir.package.version_key";
  public static final String IN_USE = "reunir.package.in_use";
  public static final String DELETED_IN_USE = "reunir.package.deleted_in_use";
  public static final String DELETED_IN_USE_BY = "reunir.package.deleted_in_use_by";

  private PackageFields() {}
}
