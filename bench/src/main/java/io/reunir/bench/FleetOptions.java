package io.reunir.bench;

import java.nio.file.Path;

/** The simulator's command line. */
record FleetOptions(String esUrl, int nodes, int sets, int threads, String prefix, Path base, Path index,
    Path ndjson, long seed, long esPid, int warmup) {
  static final String USAGE = "usage: FleetSim --es URL --index STATUS_FILE [--nodes 1000] [--sets 300]"
      + " [--threads 4] [--prefix benchfleet] [--base /var/lib/dpkg/status] [--ndjson DIR] [--seed 42]"
      + " [--es-pid PID (to count Elasticsearch's CPU seconds per cycle)]"
      + " [--warmup NODES (an untimed sync of other nodes first; default 100, 0 for none)]";

  static FleetOptions parse(String[] args) {
    String es = null;
    Path index = null;
    Path ndjson = null;
    Path base = Path.of("/var/lib/dpkg/status");
    String prefix = "benchfleet";
    int nodes = 1000;
    int sets = 300;
    int threads = 4;
    long seed = 42;
    long esPid = 0;
    int warmup = 100;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--es" -> es = value;
        case "--index" -> index = Path.of(value);
        case "--ndjson" -> ndjson = Path.of(value);
        case "--base" -> base = Path.of(value);
        case "--prefix" -> prefix = value;
        case "--nodes" -> nodes = positive(flag, value);
        case "--sets" -> sets = positive(flag, value);
        case "--threads" -> threads = positive(flag, value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--es-pid" -> esPid = Long.parseLong(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (es == null || index == null) {
      throw new IllegalArgumentException("--es and --index are required");
    }
    return new FleetOptions(es, nodes, sets, threads, prefix, base, index, ndjson, seed, esPid, warmup);
  }

  private static int positive(String flag, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the flag's name
    }
    throw new IllegalArgumentException(flag + " wants a positive whole number, got '" + value + "'");
  }
}
