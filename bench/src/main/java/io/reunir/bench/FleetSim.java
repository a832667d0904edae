package io.reunir.bench;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.AgentVersion;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.Snapshot;
import io.reunir.agent.probe.packages.DpkgStatusParser;
import io.reunir.agent.sync.SyncEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One process simulating a fleet: each node is an in-memory snapshot with its own
 * {@link SyncEngine}, syncing into a real Elasticsearch. Cycles: the initial sync, an unchanged
 * cycle, a cycle where 5% of nodes upgrade 20 packages, and one where 5% of nodes move to another node
 * pool (a label every document carries, so each of their documents is re-written once). Every node is
 * an EKS node of one of four node groups. With {@code --ndjson DIR} it also writes
 * the initial documents as raw {@code _bulk} bodies so bench/run.sh can time curl on the same data.
 * Prints {@code key=value} lines on stdout (for run.sh) and progress on stderr.
 */
public final class FleetSim {
  private static final Instant EPOCH = Instant.parse("2026-01-05T08:00:00Z");
  private static final OsRelease BOOKWORM = new OsRelease("debian", null, "Debian GNU/Linux",
      "Debian GNU/Linux 12 (bookworm)", "12 (bookworm)", "12", "bookworm");

  private final FleetOptions options;
  private final List<List<PackageRecord>> sets;
  private final List<SyncEngine> engines = new ArrayList<>();
  private final Map<Integer, List<PackageRecord>> upgraded = new HashMap<>();
  private final Set<Integer> relabelled = new HashSet<>();
  private final DocumentContext context = new DocumentContext("bench-fleet", "bench", AgentVersion.current());

  FleetSim(FleetOptions options, List<List<PackageRecord>> sets) {
    this.options = options;
    this.sets = sets;
    for (int i = 0; i < options.nodes(); i++) {
      engines.add(new SyncEngine(SyncEngine.Settings.defaults()));
    }
  }

  public static void main(String[] args) throws Exception {
    FleetOptions options;
    try {
      options = FleetOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("fleet-sim: " + e.getMessage());
      System.err.println(FleetOptions.USAGE);
      System.exit(2);
      return;
    }
    var base = parse(options.base());
    var index = parse(options.index());
    var sets = PackageSets.build(base, index, options.sets(), options.seed());
    long distinct = sets.stream().distinct().count();
    System.err.printf("fleet-sim: %d nodes, %d distinct package sets (%d base packages, %d in the index)%n",
        options.nodes(), distinct, base.size(), index.size());
    var sim = new FleetSim(options, sets);
    var config = new ElasticsearchConfig(List.of(options.esUrl()), options.prefix(), null, null, null, null);
    var pool = Executors.newFixedThreadPool(options.threads());
    try {
      if (options.warmup() > 0) {
        // Untimed: Elasticsearch's and this JVM's JIT warm up on other nodes in another prefix, so
        // the initial sync and the raw _bulk run after it both meet a warm server.
        var warmConfig = new ElasticsearchConfig(List.of(options.esUrl()), options.prefix() + "warm",
            null, null, null, null);
        var warm = sim.warmUp(warmConfig, pool, options.warmup());
        System.err.printf("fleet-sim: warm-up: %d nodes, %d documents, %d not converged%n", warm.nodes(),
            warm.documents(), warm.notConverged());
      }
      print(sim.cycle("initial", 0, config, pool));
      print(sim.cycle("unchanged", 1, config, pool));
      sim.upgradeEveryTwentiethNode(20);
      print(sim.cycle("upgrade", 2, config, pool));
      sim.relabelEveryTwentiethNode();
      print(sim.cycle("relabel", 3, config, pool));
      // What a re-written document each means: the package and service documents of those nodes.
      long relabelledDocuments = sim.relabelled.stream()
          .mapToLong(node -> sim.snapshot(node, 3).packages().size()).sum();
      System.out.printf("relabel_node_documents=%d%n", relabelledDocuments);
    } finally {
      pool.shutdown();
    }
    if (options.ndjson() != null) {
      sim.upgraded.clear(); // the raw peer sends exactly the initial documents
      sim.relabelled.clear();
      var raw = RawBulk.write(node -> sim.snapshot(node, 0), options, sim.context);
      System.out.printf("raw_docs=%d%nraw_bytes=%d%nraw_files=%d%nraw_prefix=%s%n",
          raw.documents(), raw.bytes(), raw.files(), raw.prefix());
    }
    System.out.printf("nodes=%d%nsets=%d%nbase_packages=%d%n", options.nodes(), distinct, base.size());
  }

  /** The node's snapshot at a cycle: the same facts each time, only the packages may change. */
  Snapshot snapshot(int node, int cycle) {
    String name = String.format("node-%05d", node);
    var os = new OsFacts(name, String.format("%032x", 0xbe0c0000L + node), null,
        EPOCH.minusSeconds(86_400), 86_400L + cycle * 3600L, "6.1.0-28-amd64", "x86_64", BOOKWORM);
    List<PackageRecord> packages = upgraded.getOrDefault(node, sets.get(node % sets.size()));
    return Snapshot.builder("bench-" + cycle + "-" + node, EPOCH.plusSeconds(cycle * 3600L))
        .nodeName(name).os(os).kubernetes(kubernetes(node)).addPackages(packages).build();
  }

  private static final String[] POOLS = {"general", "batch", "memory", "system"};

  /** An EKS node's Node object: its node group, zone and instance type follow from its number. */
  private KubernetesFacts kubernetes(int node) {
    String zone = "eu-west-1" + "abc".charAt(node % 3);
    String pool = POOLS[node % POOLS.length] + (relabelled.contains(node) ? "-v2" : "");
    Map<String, String> labels = Map.of("eks.amazonaws.com/nodegroup", pool,
        "topology.kubernetes.io/region", "eu-west-1", "topology.kubernetes.io/zone", zone,
        "node.kubernetes.io/instance-type", node % 2 == 0 ? "m6i.xlarge" : "r6i.xlarge");
    return new KubernetesFacts(labels, List.of(), "v1.31.4-eks-aeac579", "containerd://1.7.24",
        String.format("aws:///%s/i-%017x", zone, 0xbe0c0000L + node), zone, "Amazon Linux 2");
  }

  private void relabelEveryTwentiethNode() {
    for (int node = 10; node < options.nodes(); node += 20) {
      relabelled.add(node);
    }
  }

  private CycleTotals warmUp(ElasticsearchConfig config, ExecutorService pool, int nodes)
      throws InterruptedException, ExecutionException {
    List<Future<SyncEngine.CycleReport>> futures = new ArrayList<>();
    for (int node = 0; node < nodes; node++) {
      var snapshot = snapshot(node, 0);
      var engine = new SyncEngine(SyncEngine.Settings.defaults());
      futures.add(pool.submit(() -> engine.sync(snapshot, context, config)));
    }
    var totals = new CycleTotals.Adder("warm-up", 0);
    for (var future : futures) {
      totals.add(future.get());
    }
    return totals.done(0, 0, 0);
  }

  private void upgradeEveryTwentiethNode(int packages) {
    var random = new Random(options.seed() ^ 0x5eed);
    for (int node = 0; node < options.nodes(); node += 20) {
      upgraded.put(node, PackageSets.withUpgrades(sets.get(node % sets.size()), packages, random));
    }
  }

  private CycleTotals cycle(String name, int cycle, ElasticsearchConfig config, ExecutorService pool)
      throws InterruptedException, ExecutionException {
    double esCpu = ProcessCpu.seconds(options.esPid());
    double ownCpu = ProcessCpu.seconds(ProcessHandle.current().pid());
    long started = System.nanoTime();
    List<Future<SyncEngine.CycleReport>> futures = new ArrayList<>();
    for (int node = 0; node < engines.size(); node++) {
      int n = node;
      futures.add(pool.submit(() -> engines.get(n).sync(snapshot(n, cycle), context, config)));
    }
    int changed = name.equals("relabel") ? relabelled.size() : upgraded.size();
    var totals = new CycleTotals.Adder(name, changed);
    for (var future : futures) {
      totals.add(future.get());
    }
    return totals.done(System.nanoTime() - started, ProcessCpu.seconds(options.esPid()) - esCpu,
        ProcessCpu.seconds(ProcessHandle.current().pid()) - ownCpu);
  }

  private static void print(CycleTotals totals) {
    System.err.println("fleet-sim: " + totals);
    totals.keyValues().forEach((k, v) -> System.out.println(totals.name() + "_" + k + "=" + v));
  }

  static List<PackageRecord> parse(Path status) throws IOException {
    try (InputStream in = Files.newInputStream(status)) {
      var result = DpkgStatusParser.parse(in, DpkgStatusParser.Mode.STATUS);
      if (result.packages().isEmpty()) {
        throw new IOException("no installed package in " + status);
      }
      return result.packages();
    }
  }
}
