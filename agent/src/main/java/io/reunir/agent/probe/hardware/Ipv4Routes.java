package io.reunir.agent.probe.hardware;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host's IPv4 addresses from fib_trie and the interface each belongs to from the route table.
 */
final class Ipv4Routes {
  /**
   * A connected route: packets to {@code destination/mask} leave through {@code device} directly.
   */
  record Route(String device, int destination, int mask) {
    boolean contains(int address) {
      return (address & mask) == destination;
    }
  }

  private Ipv4Routes() {}

  /**
   * The addresses assigned to the host: the {@code /32 host LOCAL} leaves of fib_trie. A network
   * route can also be {@code host LOCAL} (127.0.0.0/8), so only /32 leaves count.
   */
  static Set<String> localAddresses(String fibTrie) {
    Set<String> addresses = new LinkedHashSet<>();
    String last = null;
    for (String line : fibTrie.split("\n")) {
      String text = line.strip();
      if (text.startsWith("|-- ")) {
        last = text.substring(4).strip();
      } else if (text.equals("/32 host LOCAL") && last != null && parse(last) != null) {
        addresses.add(last);
      }
    }
    return addresses;
  }

  /**
   * Connected routes (no gateway, non-default) from /proc/net/route, whose numbers are
   * little-endian hex.
   */
  static List<Route> parseRoutes(String routeTable) {
    List<Route> routes = new ArrayList<>();
    for (String line : routeTable.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 8 || f[0].equals("Iface")) {
        continue;
      }
      try {
        int destination = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
        int gateway = Integer.parseUnsignedInt(f[2], 16);
        int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
        if (gateway == 0 && mask != 0) {
          routes.add(new Route(f[0], destination, mask));
        }
      } catch (NumberFormatException e) {
        // A line that is not a route (hostile or truncated file) explains no address.
      }
    }
    return routes;
  }

  /** The device of the most specific connected route holding the address, or null. */
  static String deviceFor(String address, List<Route> routes) {
    Integer value = parse(address);
    if (value == null) {
      return null;
    }
    Route best = null;
    for (Route route : routes) {
      if (route.contains(value)
          && (best == null || Integer.bitCount(route.mask()) > Integer.bitCount(best.mask()))) {
        best = route;
      }
    }
    return best == null ? null : best.device();
  }

  static Integer parse(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return null;
      }
      value = (value << 8) | octet;
    }
    return value;
  }
}
