package io.reunir.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code reunir-agent COMMAND [options]}. */
public final class Main {
  static final String USAGE = """
      Usage: reunir-agent COMMAND [options]

      Commands:
        collect [--host-root DIR] [--probes a,b,...] [--files /etc/a,/etc/b] [--node-name NAME]
                [--output FILE] [--pretty]
            Print one JSON snapshot of the host: {"node": {...}, "packages": [...], "services": [...]},
            each element exactly the document that would be indexed. DIR defaults to /.
            --output FILE writes it there instead of stdout; --pretty indents it for people.
            --files names host files to hash (adds the opt-in files probe); --node-name overrides
            NODE_NAME, the Node the kubernetes probe reads.
        run --config FILE [--once]
            Keep Elasticsearch in step with this node (the DaemonSet mode): collect every interval and
            send only what changed. --once does one full cycle and exits 0 when Elasticsearch holds
            the node's current state, 1 with the reason otherwise. NODE_NAME names the node.
        match --advisories PATH [--host-root DIR] [--format table|json] [--probes a,b] [--node-name NAME]
            Print the findings of this host against distribution advisories in the OSV format
            (a directory of .json records, one file, a JSON array, NDJSON, or a .zip such as
            osv.dev's <ecosystem>/all.zip): the packages the advisories affect, with the version
            the host's distribution fixed them in. The os and packages probes always run; --probes
            adds others (services, processes: whether a package is in use). Exit status: 0 nothing
            affected, 1 findings, 4 something could not be read (errors on stderr).
        version-key TYPE VERSION
            Print the sortable key of a package version (TYPE: deb, rpm, apk); keys compare as
            strings exactly as the package manager compares the versions.
      Options:
        --help   this text
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")
        || args.get(0).equals("help")) {
      out.print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (args.get(0)) {
        case "collect" -> CollectCommand.run(Options.parse(rest, "--host-root", "--probes", "--node-name",
            "--files", "--output", "--pretty"),
            out, err);
        case "run" -> RunCommand.run(Options.parse(withFlagValue(rest, "--once"), "--config", "--once"),
            out, err);
        case "match" -> MatchCommand.run(Options.parse(rest, "--host-root", "--advisories", "--format",
            "--probes", "--node-name"), out, err);
        case "version-key" -> VersionKeyCommand.run(rest, out, err);
        default -> throw new UsageException("unknown command '" + args.get(0) + "'");
      };
    } catch (UsageException e) {
      err.println("reunir-agent: " + e.getMessage());
      err.println("Run 'reunir-agent --help' for usage.");
      return 2;
    } catch (Error e) {
      return fatal(e, err);
    }
  }

  /** Exit status of a JVM that cannot go on, as {@code -XX:+ExitOnOutOfMemoryError} gives it. */
  static final int FATAL = 3;

  /**
   * Out of memory (or another failure of the JVM itself) inside a command, the {@code run} loop
   * included: one line and a non-zero exit rather than a loop that silently stopped in a process that
   * stays up, so Kubernetes restarts the pod and its restart count shows it. The heap the failed cycle
   * held is unreachable by now, so this line can still be printed.
   */
  static int fatal(Error e, PrintStream err) {
    err.println("reunir-agent: stopping: " + e + (e instanceof OutOfMemoryError
        ? " (raise the pod's memory limit and -Xmx)" : ""));
    return FATAL;
  }

  /** Turns a bare flag into {@code --flag=true} so {@link Options} sees name-value pairs only. */
  static List<String> withFlagValue(List<String> args, String flag) {
    return args.stream().map(a -> a.equals(flag) ? flag + "=true" : a).toList();
  }

  /** A mistake on the command line: reported in one line with exit code 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** {@code --name value} pairs; anything else is a usage error naming it. */
  record Options(java.util.Map<String, String> values) {
    /** Options that take no value. */
    private static final java.util.Set<String> FLAGS = java.util.Set.of("--pretty", "--once");

    static Options parse(List<String> args, String... known) {
      var values = new java.util.HashMap<String, String>();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        }
        if (!Arrays.asList(known).contains(name)) {
          throw new UsageException("unknown option '" + arg + "'");
        }
        if (value == null && FLAGS.contains(name)) {
          value = "true";
        } else if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          value = args.get(++i);
        }
        values.put(name, value);
      }
      return new Options(values);
    }

    boolean has(String name) {
      return values.containsKey(name);
    }

    String get(String name, String fallback) {
      return values.getOrDefault(name, fallback);
    }
  }
}
