package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.NetworkInterfaceFacts;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The host's network interfaces, read from files rather than Java's {@code NetworkInterface}, which
 * would list the agent pod's own network namespace (OSHI's interfaces come from it too).
 *
 * <p>Interfaces and MACs: {@code /sys/class/net/NAME/address} (the host's sysfs was mounted in the
 * host network namespace, so it lists the host's interfaces). Loopback ({@code type} 772) is
 * skipped: it is the same on every host. So is a virtual interface (its sysfs link points into
 * {@code devices/virtual/}) that has no address but IPv6 link-local ones: on a Kubernetes node
 * those are the host ends of the pods' veth pairs, one per pod, which would bury the NICs. Physical
 * NICs are always listed; bridges, bonds and VLANs that carry the node's addresses are too. IPv6
 * addresses: {@code /proc/1/net/if_inet6}, which names the interface. IPv4 addresses: the {@code
 * /32 host LOCAL} entries of {@code /proc/1/net/fib_trie}, which do not name the interface, so each
 * one goes to the interface whose connected route in {@code /proc/1/net/route} contains it; an
 * address no route explains is reported as an error instead of being guessed (only netlink, from
 * inside the host's network namespace, could say; the agent pod does not join it). PID 1's files
 * are used because they show the host's network namespace, not the pod's.
 */
final class NetworkReader {
  private static final String LOOPBACK_TYPE = "772";

  private NetworkReader() {}

  static List<NetworkInterfaceFacts> read(HostRoot host, BiConsumer<String, String> error)
      throws IOException {
    Path netDir = host.resolve("/sys/class/net");
    if (!Files.isDirectory(netDir)) {
      error.accept("hardware", "network interfaces unknown: no /sys/class/net under the host root");
      return null;
    }
    List<String> names;
    try (Stream<Path> entries = Files.list(netDir)) {
      names = entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
    Map<String, String> macs = new LinkedHashMap<>();
    Set<String> virtual = new LinkedHashSet<>();
    for (String name : names) {
      String base = "/sys/class/net/" + name;
      if (LOOPBACK_TYPE.equals(host.readFirstLine(base + "/type").orElse(null))) {
        continue;
      }
      macs.put(name, host.readFirstLine(base + "/address").map(Bounded::text).orElse(null));
      Path entry = netDir.resolve(name);
      if (Files.isSymbolicLink(entry)
          && Files.readSymbolicLink(entry).toString().contains("devices/virtual/")) {
        virtual.add(name);
      }
    }
    Map<String, Set<String>> addresses = new LinkedHashMap<>();
    macs.keySet().forEach(name -> addresses.put(name, new LinkedHashSet<>()));
    readIpv4(host, addresses, error);
    readIpv6(host, addresses, error);
    List<NetworkInterfaceFacts> result = new ArrayList<>();
    macs.forEach(
        (name, mac) -> {
          boolean onlyLinkLocal = addresses.get(name).stream().allMatch(a -> a.startsWith("fe80:"));
          if (!(virtual.contains(name) && onlyLinkLocal)) {
            result.add(
                new NetworkInterfaceFacts(
                    Bounded.text(name), mac, List.copyOf(addresses.get(name))));
          }
        });
    return result;
  }

  private static void readIpv4(
      HostRoot host, Map<String, Set<String>> addresses, BiConsumer<String, String> error)
      throws IOException {
    var fibTrie = host.readText("/proc/1/net/fib_trie");
    var routes = host.readText("/proc/1/net/route");
    if (fibTrie.isEmpty() || routes.isEmpty()) {
      error.accept(
          "hardware",
          "IPv4 addresses unknown: /proc/1/net/fib_trie or /proc/1/net/route "
              + "missing under the host root");
      return;
    }
    List<Ipv4Routes.Route> table = Ipv4Routes.parseRoutes(routes.get());
    List<String> unexplained = new ArrayList<>();
    for (String address : Ipv4Routes.localAddresses(fibTrie.get())) {
      if (address.startsWith("127.")) {
        continue;
      }
      String device = Ipv4Routes.deviceFor(address, table);
      if (device != null && addresses.containsKey(device)) {
        addresses.get(device).add(address);
      } else {
        unexplained.add(address);
      }
    }
    if (!unexplained.isEmpty()) {
      error.accept(
          "hardware",
          Bounded.text(
              unexplained.size()
                  + " IPv4 address(es) left out: no connected route in /proc/1/net/route names"
                  + " their interface (usual for /32 addresses on tunnel or dummy devices such as"
                  + " tunl0 or kube-ipvs0): "
                  + String.join(", ", unexplained)));
    }
  }

  private static void readIpv6(
      HostRoot host, Map<String, Set<String>> addresses, BiConsumer<String, String> error)
      throws IOException {
    var ifInet6 = host.readText("/proc/1/net/if_inet6");
    if (ifInet6.isEmpty()) {
      // A host with IPv6 disabled has no if_inet6 at all; that is a fact, not a failure.
      return;
    }
    for (String line : ifInet6.get().split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 6 || !addresses.containsKey(fields[5])) {
        continue;
      }
      String address = Ipv6Text.fromHex(fields[0]);
      if (address == null) {
        error.accept(
            "hardware", Bounded.text("unreadable address in /proc/1/net/if_inet6: " + line));
      } else {
        addresses.get(fields[5]).add(address);
      }
    }
  }
}
