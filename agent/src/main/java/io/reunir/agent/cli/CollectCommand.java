package io.reunir.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.probe.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** {@code collect}: one snapshot of a host root, printed as the documents that would be indexed. */
final class CollectCommand {
  private CollectCommand() {}

  static int run(Main.Options options, PrintStream out, PrintStream err) {
    Path root = Path.of(options.get("--host-root", "/"));
    if (!Files.isDirectory(root)) {
      err.println("reunir-agent: host root " + root + " is not a directory");
      return 1;
    }
    List<Probe> probes;
    try {
      String names = options.get("--probes", null);
      probes = Probes.named(names == null ? Probes.DEFAULT
          : Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    String nodeName = options.get("--node-name", System.getenv("NODE_NAME"));
    var snapshot = new SnapshotCollector(Clock.systemUTC()).collect(new HostRoot(root), probes, nodeName);
    var json = SnapshotDocuments.render(snapshot, DocumentContext.local());
    try {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }
}
