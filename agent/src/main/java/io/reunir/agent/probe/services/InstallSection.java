package io.reunir.agent.probe.services;

/**
 * What a unit file's {@code [Install]} section asks of {@code systemctl enable}, which decides the
 * state a unit without enablement links has: {@code disabled} when it could be enabled
 * ({@code WantedBy=}, {@code RequiredBy=}, {@code UpheldBy=}, {@code Alias=}), {@code indirect} when
 * only {@code Also=} names other units, {@code static} when it has nothing to install.
 */
record InstallSection(boolean hasRules, boolean hasAlso) {
  static final InstallSection NONE = new InstallSection(false, false);

  /**
   * Reads the section from a unit file's text. Tolerant by design, like systemd's own loader: CR line
   * ends, NUL bytes and junk lines are ignored; only well-formed {@code Key=value} lines of
   * {@code [Install]} count.
   */
  static InstallSection parse(String text) {
    boolean inInstall = false;
    boolean rules = false;
    boolean also = false;
    for (String raw : text.split("\n")) {
      String line = raw.replace("\0", "").strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        inInstall = line.equals("[Install]");
        continue;
      }
      int eq = line.indexOf('=');
      if (!inInstall || eq <= 0 || line.substring(eq + 1).isBlank()) {
        continue;
      }
      switch (line.substring(0, eq).strip()) {
        case "WantedBy", "RequiredBy", "UpheldBy", "Alias" -> rules = true;
        case "Also" -> also = true;
        default -> { }
      }
    }
    return new InstallSection(rules, also);
  }

  /** The unit file state when no link enables the unit. */
  String unlinkedState() {
    if (hasRules) {
      return "disabled";
    }
    return hasAlso ? "indirect" : "static";
  }
}
