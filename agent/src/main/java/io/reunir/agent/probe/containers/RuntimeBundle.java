package io.reunir.agent.probe.containers;

import java.nio.file.Path;

/**
 * One container's bundle in a runtime's state directory, as listed: nothing in it is read yet.
 *
 * @param runtime {@code containerd} or {@code cri-o}
 * @param id the directory's name, the runtime's container id
 * @param dir the bundle directory under the host root (config.json's directory)
 * @param pidFile the file the runtime writes the container's init pid to
 */
record RuntimeBundle(String runtime, String id, Path dir, Path pidFile) {
  Path config() {
    return dir.resolve("config.json");
  }
}
