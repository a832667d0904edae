package io.reunir.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.SnapshotDocuments;
import io.reunir.agent.probe.HostRoot;
import io.reunir.agent.probe.Probe;
import io.reunir.agent.registry.ProbeSettings;
import io.reunir.agent.registry.Probes;
import io.reunir.agent.probe.SnapshotCollector;
import io.reunir.agent.probe.files.FilesProbe;
import io.reunir.agent.probe.kubernetes.NodeReader;
import io.reunir.agent.probe.PackageBudget;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
    String nodeName = options.get("--node-name", System.getenv("NODE_NAME"));
    List<String> files = list(options.get("--files", ""));
    var settings = new ProbeSettings(files,
        NodeReader.fromEnvironment(System.getenv(), nodeName), PackageBudget.forCollect());
    List<Probe> probes;
    try {
      String names = options.get("--probes", null);
      List<String> chosen = new ArrayList<>(names == null ? Probes.DEFAULT : list(names));
      // Naming files is asking for them: the files probe is opt-in and runs only then.
      if (!files.isEmpty() && !chosen.contains(FilesProbe.NAME)) {
        chosen.add(FilesProbe.NAME);
      }
      probes = Probes.named(chosen, settings);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    var snapshot = new SnapshotCollector(Clock.systemUTC()).collect(new HostRoot(root), probes, nodeName);
    // Also in the node document; said here too so a person or a script sees them without parsing JSON.
    snapshot.errors().forEach(e -> err.println("reunir-agent: " + e.probe() + ": " + e.error()));
    String output = options.get("--output", "-");
    try (OutputStream target = output.equals("-") ? new NonClosing(out)
        : new BufferedOutputStream(Files.newOutputStream(Path.of(output)), 1 << 16);
        // A bare factory: an ObjectMapper is costly to build for a short process (JsonTrees).
        JsonGenerator json = new JsonFactory().createGenerator(target)) {
      if (options.has("--pretty")) {
        json.useDefaultPrettyPrinter();
      }
      SnapshotDocuments.write(snapshot, DocumentContext.local(), json);
      json.writeRaw('\n');
    } catch (IOException e) {
      err.println("reunir-agent: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** stdout stays open after the command: the caller owns it. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .toList();
  }
}
