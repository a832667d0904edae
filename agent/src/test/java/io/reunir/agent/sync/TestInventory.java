package io.reunir.agent.sync;

import io.reunir.contract.config.ElasticsearchConfig;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Snapshots built in code: a Debian node whose packages and services a test edits between cycles. */
final class TestInventory {
  static final DocumentContext CONTEXT = new DocumentContext("test-cluster", "all-nodes", "test");

  final Map<String, String> packages = new LinkedHashMap<>();
  final Map<String, String> services = new LinkedHashMap<>();
  /** The Node's labels, for a node in a cluster; empty means no kubernetes facts at all. */
  final Map<String, String> labels = new LinkedHashMap<>();
  private final String node;
  private Instant time = Instant.parse("2026-11-26T10:00:00Z");

  TestInventory(String node) {
    this.node = node;
  }

  static TestInventory debian(String node, int packageCount) {
    var inventory = new TestInventory(node);
    inventory.packages.put("openssl", "3.0.15-1~deb12u1");
    inventory.packages.put("libssl3", "3.0.15-1~deb12u1");
    inventory.packages.put("bash", "5.2.15-2+b7");
    for (int i = 3; i < packageCount; i++) {
      inventory.packages.put("pkg-" + i, "1." + i + "-1");
    }
    inventory.services.put("ssh.service", "running");
    inventory.services.put("cron.service", "stopped");
    return inventory;
  }

  /** The next cycle's snapshot: a new scan id and a later time, content as the maps say. */
  Snapshot snapshot() {
    time = time.plusSeconds(3600);
    var os = new OsFacts(node + ".example", "0123456789abcdef0123456789abcdef", "boot-1",
        Instant.parse("2026-11-01T00:00:00Z"), 100L, "6.1.0-27-amd64", "x86_64",
        new OsRelease("debian", null, "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", "12 (bookworm)",
            "12", "bookworm"));
    List<PackageRecord> pkgs = new ArrayList<>();
    packages.forEach((name, version) -> pkgs.add(new PackageRecord("deb", name, version, "amd64", null,
        null, name.startsWith("lib") ? "openssl" : name, version, 1024L, null, null)));
    List<ServiceRecord> units = new ArrayList<>();
    services.forEach((name, state) -> units.add(new ServiceRecord(name, state,
        state.equals("running") ? "running" : "dead", "enabled", null, null, null, null, null)));
    KubernetesFacts kubernetes = labels.isEmpty() ? null : new KubernetesFacts(Map.copyOf(labels),
        List.of(), "v1.31.4-eks-aeac579", "containerd://1.7.24", "aws:///eu-west-1a/i-0abc123def4567890",
        labels.get("topology.kubernetes.io/zone"), "Amazon Linux 2");
    return Snapshot.builder(UUID.randomUUID().toString(), time).nodeName(node).os(os)
        .kubernetes(kubernetes).addPackages(pkgs).addServices(units).build();
  }

  static ElasticsearchConfig es(String url, String prefix) {
    return new ElasticsearchConfig(List.of(url), prefix, null, null, null, null);
  }

  static String packageId(String node, String name) {
    return "test-cluster/" + node + "/deb/" + name + "/amd64";
  }
}
