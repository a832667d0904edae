package io.reunir.agent.redash;

import io.reunir.agent.model.ContainerRecord;
import io.reunir.agent.model.DocumentContext;
import io.reunir.agent.model.ImageRecord;
import io.reunir.agent.model.KubernetesFacts;
import io.reunir.agent.model.OsFacts;
import io.reunir.agent.model.OsRelease;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.model.ServiceRecord;
import io.reunir.agent.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small fleet every Redash query runs against: Debian 12, Ubuntu 22.04, Rocky 9 and Alpine nodes
 * in two clusters, with openssl at versions whose string order and package-manager order disagree
 * ({@code 3.0.9-1} and {@code 3.0.2-0ubuntu1.18} are older than {@code 3.0.11-1~deb12u2} for dpkg,
 * newer as strings), running and stopped services, and one node whose last heartbeat is days old.
 * Each node has a history (baseline, then the day something changed, then now) that the test
 * syncs through the agent, so the changes index holds the events the agent itself records.
 *
 * <p>Versions and os-release values are the ones those distributions really shipped. The prod nodes
 * run in EKS node groups and one Karpenter node pool, jammy-a in a GKE node pool; the Rocky nodes
 * are outside any pool (no provisioner's label). The prod nodes and jammy-a run containers throughout: a
 * cluster DNS image with an old dnsmasq and libssl3 on bookworm-a and bookworm-b (one image, two
 * nodes), its fixed successor on bookworm-c, a web image on bookworm-a, an Ubuntu image on jammy-a.
 */
final class FleetFixture {
  static final String PROD = "prod-eu-1";
  static final String STAGING = "staging-us-1";

  /** Fresh nodes reported ten minutes before the test started; the stale one three days before. */
  final Instant fresh;
  final Instant stale;
  final List<Node> nodes = new ArrayList<>();

  /** When every node's agent first reported: its first sync records the baseline. */
  static final Instant BASELINE = Instant.parse("2026-10-01T06:00:00Z");

  /**
   * One fixture node: what its agent collected, oldest first (the first at {@link #BASELINE}, the
   * last is the current state), and the context it indexes with.
   */
  record Node(String name, DocumentContext context, List<Snapshot> history) {
    Snapshot snapshot() {
      return history.get(history.size() - 1);
    }
  }

  FleetFixture(Instant now) {
    Instant base = now.truncatedTo(ChronoUnit.SECONDS);
    fresh = base.minus(Duration.ofMinutes(10));
    stale = base.minus(Duration.ofDays(3));

    var bookworm = new OsRelease("debian", null, "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)",
        "12 (bookworm)", "12", "bookworm");
    var jammy = new OsRelease("ubuntu", "debian", "Ubuntu", "Ubuntu 22.04.5 LTS",
        "22.04.5 LTS (Jammy Jellyfish)", "22.04", "jammy");
    var rocky94 = new OsRelease("rocky", "rhel centos fedora", "Rocky Linux", "Rocky Linux 9.4 (Blue Onyx)",
        "9.4 (Blue Onyx)", "9.4", null);
    var rocky95 = new OsRelease("rocky", "rhel centos fedora", "Rocky Linux", "Rocky Linux 9.5 (Blue Onyx)",
        "9.5 (Blue Onyx)", "9.5", null);
    var alpine = new OsRelease("alpine", null, "Alpine Linux", "Alpine Linux v3.20", null, "3.20.3", null);

    // bookworm-a: telnet removed and nginx updated on 5 November, nginx not restarted since.
    var aPackages = List.of(deb("openssl", "3.0.11-1~deb12u2", "openssl"),
        deb("libssl3", "3.0.11-1~deb12u2", "openssl"), deb("nginx", "1.22.1-9+deb12u1", "nginx"),
        deb("curl", "7.88.1-10+deb12u8", "curl"), deb("openssh-server", "1:9.2p1-2+deb12u3", "openssh"));
    var aServices = List.of(runningReplaced("nginx.service", 812, "/usr/sbin/nginx", "nginx"),
        running("ssh.service", 640, "/usr/sbin/sshd", "openssh-server"));
    node(PROD, "bookworm-a", fresh, bookworm, "6.1.0-26-amd64", aPackages, aServices,
        new Step(BASELINE, with(aPackages, deb("telnet", "0.17+2.4-2", "inetutils"),
            deb("nginx", "1.22.1-9", "nginx")), List.of(running("nginx.service", 812, "/usr/sbin/nginx", "nginx"),
            running("ssh.service", 640, "/usr/sbin/sshd", "openssh-server"))),
        new Step(Instant.parse("2026-11-05T07:45:00Z"), aPackages, aServices));

    // bookworm-b: openssl updated on 20 November.
    var bPackages = List.of(deb("openssl", "3.0.15-1~deb12u1", "openssl"),
        deb("libssl3", "3.0.15-1~deb12u1", "openssl"), deb("nginx", "1.22.1-9+deb12u1", "nginx"),
        deb("curl", "7.88.1-10+deb12u8", "curl"), deb("openssh-server", "1:9.2p1-2+deb12u3", "openssh"));
    var bServices = List.of(stopped("nginx.service", "nginx"),
        running("ssh.service", 702, "/usr/sbin/sshd", "openssh-server"));
    node(PROD, "bookworm-b", fresh, bookworm, "6.1.0-28-amd64", bPackages, bServices,
        new Step(BASELINE, with(bPackages, deb("openssl", "3.0.11-1~deb12u2", "openssl"),
            deb("libssl3", "3.0.11-1~deb12u2", "openssl")), bServices),
        new Step(Instant.parse("2026-11-20T10:00:00Z"), bPackages, bServices));

    // bookworm-c: haproxy installed and started on 10 November; its openssl is the oldest.
    var cPackages = List.of(deb("openssl", "3.0.9-1", "openssl"), deb("libssl3", "3.0.9-1", "openssl"),
        deb("haproxy", "2.6.12-1+deb12u1", "haproxy"), deb("curl", "7.88.1-10+deb12u8", "curl"),
        deb("openssh-server", "1:9.2p1-2+deb12u3", "openssh"));
    var cServices = List.of(running("haproxy.service", 901, "/usr/sbin/haproxy", "haproxy"),
        running("ssh.service", 655, "/usr/sbin/sshd", "openssh-server"));
    node(PROD, "bookworm-c", fresh, bookworm, "6.1.0-26-amd64", cPackages, cServices,
        new Step(BASELINE, without(cPackages, p -> p.name().equals("haproxy")),
            without(cServices, u -> u.name().equals("haproxy.service"))),
        new Step(Instant.parse("2026-11-10T08:00:00Z"), cPackages, cServices));
    node(PROD, "bookworm-stale", stale, bookworm, "6.1.0-18-amd64",
        List.of(deb("openssl", "3.0.9-1", "openssl"), deb("libssl3", "3.0.9-1", "openssl"),
            deb("nginx", "1.22.1-9", "nginx"), deb("curl", "7.88.1-10+deb12u5", "curl"),
            deb("openssh-server", "1:9.2p1-2+deb12u2", "openssh")),
        List.of(running("nginx.service", 790, "/usr/sbin/nginx", "nginx"),
            running("ssh.service", 610, "/usr/sbin/sshd", "openssh-server")));
    node(PROD, "alpine-a", fresh, alpine, "6.6.58-0-lts",
        List.of(apk("openssl", "3.3.2-r1", "openssl"), apk("libssl3", "3.3.2-r1", "openssl"),
            apk("libcrypto3", "3.3.2-r1", "openssl"), apk("musl", "1.2.5-r0", "musl"),
            apk("busybox", "1.36.1-r29", "busybox")),
        List.of());
    node(STAGING, "jammy-a", fresh, jammy, "5.15.0-125-generic",
        List.of(deb("openssl", "3.0.2-0ubuntu1.18", "openssl"), deb("libssl3", "3.0.2-0ubuntu1.18", "openssl"),
            deb("curl", "7.81.0-1ubuntu1.18", "curl"), deb("openssh-server", "1:8.9p1-3ubuntu0.10", "openssh")),
        List.of(running("ssh.service", 1020, "/usr/sbin/sshd", "openssh-server")));
    node(STAGING, "rocky-a", fresh, rocky94, "5.14.0-427.13.1.el9_4.x86_64",
        List.of(rpm("openssl", "1", "3.0.7", "27.el9", "openssl-3.0.7-27.el9.src.rpm"),
            rpm("openssl-libs", "1", "3.0.7", "27.el9", "openssl-3.0.7-27.el9.src.rpm"),
            rpm("nginx", "1", "1.20.1", "14.el9_2.1", "nginx-1.20.1-14.el9_2.1.src.rpm"),
            rpm("curl", null, "7.76.1", "29.el9_4", "curl-7.76.1-29.el9_4.src.rpm"),
            rpm("openssh-server", null, "8.7p1", "38.el9", "openssh-8.7p1-38.el9.src.rpm")),
        List.of(running("nginx.service", 1501, "/usr/sbin/nginx", "nginx"),
            running("sshd.service", 1100, "/usr/sbin/sshd", "openssh-server")));
    // rocky-b: openssl updated on 21 November.
    var rPackages = List.of(rpm("openssl", "1", "3.2.2", "6.el9_5", "openssl-3.2.2-6.el9_5.src.rpm"),
        rpm("openssl-libs", "1", "3.2.2", "6.el9_5", "openssl-3.2.2-6.el9_5.src.rpm"),
        rpm("curl", null, "7.76.1", "31.el9", "curl-7.76.1-31.el9.src.rpm"),
        rpm("openssh-server", null, "8.7p1", "43.el9", "openssh-8.7p1-43.el9.src.rpm"));
    var rServices = List.of(running("sshd.service", 1133, "/usr/sbin/sshd", "openssh-server"));
    node(STAGING, "rocky-b", fresh, rocky95, "5.14.0-503.14.1.el9_5.x86_64", rPackages, rServices,
        new Step(BASELINE, with(rPackages, rpm("openssl", "1", "3.0.7", "27.el9", "openssl-3.0.7-27.el9.src.rpm"),
            rpm("openssl-libs", "1", "3.0.7", "27.el9", "openssl-3.0.7-27.el9.src.rpm")), rServices),
        new Step(Instant.parse("2026-11-21T09:30:00Z"), rPackages, rServices));
  }

  /** The Node object of each node in a pool, by node name; labels as each provisioner sets them. */
  private static final Map<String, KubernetesFacts> NODES = Map.of(
      "bookworm-a", eks("general", "eu-west-1a", "m6i.large", "i-0a1b2c3d4e5f60701"),
      "bookworm-b", eks("general", "eu-west-1b", "m6i.large", "i-0a1b2c3d4e5f60702"),
      "bookworm-c", eks("edge", "eu-west-1a", "c6i.large", "i-0a1b2c3d4e5f60703"),
      "bookworm-stale", eks("general", "eu-west-1c", "m6i.large", "i-0a1b2c3d4e5f60704"),
      "alpine-a", new KubernetesFacts(Map.of("karpenter.sh/nodepool", "arm64",
          "topology.kubernetes.io/zone", "eu-west-1b", "node.kubernetes.io/instance-type", "m7g.large"),
          List.of(), "v1.31.4-eks-aeac579", "containerd://1.7.24", "aws:///eu-west-1b/i-0a1b2c3d4e5f60789",
          "eu-west-1b", "Alpine Linux v3.20"),
      "jammy-a", new KubernetesFacts(Map.of("cloud.google.com/gke-nodepool", "default-pool",
          "topology.kubernetes.io/zone", "us-east1-b", "node.kubernetes.io/instance-type", "e2-standard-4"),
          List.of(), "v1.30.5-gke.1014001", "containerd://1.7.22",
          "gce://staging-project/us-east1-b/gke-staging-default-pool-5d2a9c1e-x7k2", "us-east1-b",
          "Ubuntu 22.04.5 LTS"));

  private static KubernetesFacts eks(String nodegroup, String zone, String instanceType, String instance) {
    return new KubernetesFacts(Map.of("eks.amazonaws.com/nodegroup", nodegroup,
        "topology.kubernetes.io/zone", zone, "node.kubernetes.io/instance-type", instanceType),
        List.of(), "v1.31.4-eks-aeac579", "containerd://1.7.24", "aws:///" + zone + "/" + instance, zone,
        "Debian GNU/Linux 12 (bookworm)");
  }

  /** An earlier state of a node: at {@code at} it had these packages and services. */
  private record Step(Instant at, List<PackageRecord> packages, List<ServiceRecord> services) {}

  private void node(String cluster, String name, Instant at, OsRelease release, String kernel,
      List<PackageRecord> packages, List<ServiceRecord> services, Step... earlier) {
    String arch = "alpine".equals(release.id()) ? "aarch64" : "x86_64";
    var os = new OsFacts(name, name + "-machine-id", name + "-boot-id", at.minus(Duration.ofDays(20)),
        Duration.ofDays(20).toSeconds(), kernel, arch, release);
    List<Step> steps = new ArrayList<>(List.of(earlier));
    if (steps.isEmpty() || !steps.get(0).at().equals(BASELINE)) {
      steps.add(0, new Step(BASELINE, packages, services));
    }
    steps.add(new Step(at, packages, services));
    List<Snapshot> history = new ArrayList<>();
    for (Step step : steps) {
      var snapshot = Snapshot.builder(name + "-" + step.at().getEpochSecond(), step.at()).nodeName(name).os(os)
          .kubernetes(NODES.get(name)).addPackages(step.packages()).addServices(step.services())
          .addContainers(containers(name));
      if (!step.services().isEmpty()) {
        // The services probe saw systemd's running units (Alpine runs OpenRC: unknown, not "unused").
        snapshot.runningProgramsKnown();
      }
      history.add(snapshot.build());
    }
    nodes.add(new Node(name, new DocumentContext(cluster, "all-nodes", "0.1.0"), List.copyOf(history)));
  }

  /** The containers each node runs now, with the pods' names as the runtimes' annotations give them. */
  private static List<ContainerRecord> containers(String node) {
    var bookworm = new OsRelease("debian", null, "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)",
        "12 (bookworm)", "12", "bookworm");
    var dnsOld = new ImageRecord("dns-1", bookworm, List.of(deb("dnsmasq-base", "2.89-1", "dnsmasq"),
        deb("libssl3", "3.0.9-1", "openssl"), deb("libc6", "2.36-9+deb12u1", "glibc")));
    var dnsNew = new ImageRecord("dns-2", bookworm, List.of(deb("dnsmasq-base", "2.90-4~deb12u1", "dnsmasq"),
        deb("libssl3", "3.0.11-1~deb12u2", "openssl"), deb("libc6", "2.36-9+deb12u9", "glibc")));
    var web = new ImageRecord("web-1", bookworm, List.of(deb("nginx", "1.22.1-9+deb12u1", "nginx"),
        deb("libssl3", "3.0.15-1~deb12u1", "openssl")));
    var jammy = new ImageRecord("tools-1", new OsRelease("ubuntu", "debian", "Ubuntu", "Ubuntu 22.04.5 LTS",
        "22.04.5 LTS (Jammy Jellyfish)", "22.04", "jammy"), List.of(deb("dnsmasq-base", "2.86-1.1ubuntu0.2",
        "dnsmasq"), deb("libssl3", "3.0.2-0ubuntu1.18", "openssl")));
    String dns = "registry.k8s.io/dns/k8s-dns-dnsmasq-nanny:";
    return switch (node) {
      case "bookworm-a" -> List.of(
          container(node, 1, "kube-system", "kube-dns-5d78c9869d-8xk2q", "dnsmasq", dns + "1.22.20", dnsOld),
          container(node, 2, "shop", "web-7d9f8-abcde", "nginx", "registry.example/shop/web:4.1", web));
      case "bookworm-b" -> List.of(
          container(node, 1, "kube-system", "kube-dns-5d78c9869d-q7w2e", "dnsmasq", dns + "1.22.20", dnsOld));
      case "bookworm-c" -> List.of(
          container(node, 1, "kube-system", "kube-dns-7f6c5b4a3-zt9mn", "dnsmasq", dns + "1.23.1", dnsNew));
      case "jammy-a" -> List.of(
          container(node, 1, "ops", "toolbox-0", "shell", "docker.io/library/ubuntu:22.04", jammy));
      default -> List.of();
    };
  }

  private static ContainerRecord container(String node, int n, String namespace, String pod, String name,
      String image, ImageRecord read) {
    return new ContainerRecord(node + "-c" + n, "containerd", new ContainerRecord.PodRef(namespace, pod,
        "uid-" + pod, name), image, List.of(), BASELINE, ContainerRecord.Content.read(read));
  }

  /** The packages with some replaced by other versions (matched by name) or added. */
  private static List<PackageRecord> with(List<PackageRecord> packages, PackageRecord... changed) {
    List<PackageRecord> out = new ArrayList<>();
    for (PackageRecord pkg : packages) {
      out.add(java.util.Arrays.stream(changed).filter(c -> c.name().equals(pkg.name())).findFirst().orElse(pkg));
    }
    for (PackageRecord pkg : changed) {
      if (out.stream().noneMatch(p -> p.name().equals(pkg.name()))) {
        out.add(pkg);
      }
    }
    return out;
  }

  private static <T> List<T> without(List<T> items, java.util.function.Predicate<T> drop) {
    return items.stream().filter(drop.negate()).toList();
  }

  private static PackageRecord deb(String name, String version, String source) {
    return new PackageRecord("deb", name, version, "amd64", null, null, source, version, 1_000_000L, null, null);
  }

  private static PackageRecord apk(String name, String version, String origin) {
    return new PackageRecord("apk", name, version, "aarch64", null, null, origin, version, 500_000L, null, null);
  }

  private static PackageRecord rpm(String name, String epoch, String version, String release, String srpm) {
    String full = (epoch == null ? "" : epoch + ":") + version + "-" + release;
    return new PackageRecord("rpm", name, full, "x86_64", epoch, release, srpm, null, 2_000_000L, null, null);
  }

  private static ServiceRecord running(String unit, long pid, String executable, String owner) {
    return new ServiceRecord(unit, "running", "running", "enabled", pid, executable, owner, false, "proc");
  }

  /** A service still running the program its package update replaced: the old version runs. */
  private static ServiceRecord runningReplaced(String unit, long pid, String executable, String owner) {
    return new ServiceRecord(unit, "running", "running", "enabled", pid, executable, owner, true, "proc");
  }

  private static ServiceRecord stopped(String unit, String owner) {
    return new ServiceRecord(unit, "stopped", "dead", "disabled", null, null, owner, null, null);
  }
}
