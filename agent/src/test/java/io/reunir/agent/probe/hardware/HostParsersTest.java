package io.reunir.agent.probe.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parsers behind the hardware probe, on real files and hostile ones. */
class HostParsersTest {

  @Test
  void mountinfoKeepsRealFilesystemsAndDropsBindMountsOfTheSameDevice() throws Exception {
    List<String> malformed = new ArrayList<>();
    var mounts =
        MountInfoParser.parse(
            Files.readString(Path.of("src/test/resources/hosts/debian12/proc/1/mountinfo")),
            malformed);

    assertThat(malformed).isEmpty();
    assertThat(mounts).hasSize(12);
    assertThat(MountInfoParser.realFilesystems(mounts))
        .extracting(MountInfoParser.Mount::mountPoint, MountInfoParser.Mount::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/", "ext4"),
            org.assertj.core.groups.Tuple.tuple("/boot", "ext2"),
            org.assertj.core.groups.Tuple.tuple("/srv/data files", "xfs"));
  }

  @Test
  void thisMachinesMountinfoParsesWithoutLoss() throws Exception {
    List<String> malformed = new ArrayList<>();
    String text = Files.readString(Path.of("/proc/1/mountinfo"));
    var mounts = MountInfoParser.parse(text, malformed);

    assertThat(malformed).isEmpty();
    assertThat(mounts).hasSize((int) text.lines().filter(l -> !l.isBlank()).count());
    assertThat(MountInfoParser.realFilesystems(mounts))
        .extracting(MountInfoParser.Mount::mountPoint)
        .contains("/");
  }

  @Test
  void hostileMountinfoLinesAreReportedNotThrown() {
    List<String> malformed = new ArrayList<>();
    var mounts =
        MountInfoParser.parse(
            "garbage\n1 2 3:4 / /x rw - \n\0\0\0\n"
                + "36 35 98:0 /mnt1 /mnt\\0402 rw,noatime master:1 - ext3 /dev/root rw\n"
                + "37 35 98:1 / /trailing\\04 rw - ext4 /dev/x rw\n",
            malformed);

    assertThat(malformed).hasSize(3);
    assertThat(mounts)
        .extracting(MountInfoParser.Mount::mountPoint)
        .containsExactly("/mnt 2", "/trailing\\04");
  }

  @Test
  void devNumbersSplitLikeGlibc() {
    assertThat(FilesystemReader.majorMinor(0x801L)).isEqualTo("8:1");
    assertThat(FilesystemReader.majorMinor(0xfe00L)).isEqualTo("254:0");
    // minor 256 spills into the high bits: Python os.makedev(259, 256) = 0x110300
    assertThat(FilesystemReader.majorMinor(0x110300L)).isEqualTo("259:256");
  }

  @Test
  void ipv6FromProcHexIsCanonical() {
    assertThat(Ipv6Text.fromHex("00000000000000000000000000000001")).isEqualTo("::1");
    assertThat(Ipv6Text.fromHex("fe80000000000000505400fffe123456"))
        .isEqualTo("fe80::5054:ff:fe12:3456");
    assertThat(Ipv6Text.fromHex("20010db8000000010000000000000001")).isEqualTo("2001:db8:0:1::1");
    assertThat(Ipv6Text.fromHex("20010db8000100000000000100000000")).isEqualTo("2001:db8:1::1:0:0");
    assertThat(Ipv6Text.fromHex("00000000000000000000000000000000")).isEqualTo("::");
    assertThat(Ipv6Text.fromHex("20010db8000000000001000000000001")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(Ipv6Text.fromHex("xyz")).isNull();
    assertThat(Ipv6Text.fromHex("g0010db8000000000001000000000001")).isNull();
  }

  @Test
  void ipv4AddressesGoToTheirConnectedRoute() throws Exception {
    Path net = Path.of("src/test/resources/hosts/debian12/proc/1/net");
    var routes = Ipv4Routes.parseRoutes(Files.readString(net.resolve("route")));
    var local = Ipv4Routes.localAddresses(Files.readString(net.resolve("fib_trie")));

    assertThat(local)
        .containsExactly(
            "10.0.2.15", "127.0.0.1", "192.168.50.7", "192.168.50.8", "172.31.9.9", "10.244.0.1");
    assertThat(Ipv4Routes.deviceFor("10.244.0.1", routes)).isEqualTo("cni0");
    assertThat(Ipv4Routes.deviceFor("10.0.2.15", routes)).isEqualTo("eth0");
    assertThat(Ipv4Routes.deviceFor("192.168.50.8", routes)).isEqualTo("ens4");
    assertThat(Ipv4Routes.deviceFor("172.31.9.9", routes)).isNull();
    assertThat(Ipv4Routes.parse("256.1.1.1")).isNull();
    assertThat(Ipv4Routes.parseRoutes("eth0 zz 00000000 1 0 0 0 00FFFFFF 0 0 0\n")).isEmpty();
  }
}
