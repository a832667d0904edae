package io.reunir.agent.probe.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.reunir.agent.model.DiskFacts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reunir.agent.testing.FreshJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disks from sysfs trees laid out as the kernel lays them out, and from this machine's own, each read
 * by {@code collect} in a JVM of its own (OSHI lists the disks; see {@link FreshJvm}).
 */
class BlockDeviceReaderTest {
  @TempDir Path root;
  private final List<String> errors = new ArrayList<>();

  /** The disks and disk errors {@code collect --probes hardware} reports for the tree. */
  private List<DiskFacts> read(Path tree) throws Exception {
    Files.createDirectories(tree.resolve("proc")); // OSHI needs the folder; its files may be absent
    JsonNode node = FreshJvm.collect(tree, "hardware").get("node");
    FreshJvm.errors(node).stream().filter(e -> e.startsWith("hardware: disk"))
        .map(e -> e.substring("hardware: ".length())).forEach(errors::add);
    List<DiskFacts> disks = new ArrayList<>();
    for (JsonNode disk : node.at("/reunir/disks")) {
      disks.add(new ObjectMapper().treeToValue(disk, DiskFacts.class));
    }
    return disks;
  }

  /** A SCSI disk as the kernel shows it: block entry, device link to its SCSI device, attributes. */
  private void scsiDisk(String name, String hctl, String majorMinor, long sectors, String model)
      throws IOException {
    String target = "target" + hctl.substring(0, hctl.lastIndexOf(':'));
    String device = "sys/devices/pci0000:00/0000:00:10.0/host0/" + target + "/" + hctl;
    Path block = root.resolve(device + "/block/" + name);
    write(block.resolve("size"), sectors + "\n");
    write(block.resolve("dev"), majorMinor + "\n");
    write(block.resolve("queue/rotational"), "1\n");
    Files.createSymbolicLink(block.resolve("device"), Path.of("../../../" + hctl));
    if (model != null) {
      write(root.resolve(device + "/model"), model + "\n");
    }
    Files.createDirectories(root.resolve("sys/block"));
    Files.createSymbolicLink(root.resolve("sys/block/" + name),
        Path.of("../" + device.substring("sys/".length()) + "/block/" + name));
  }

  @Test
  void udevSerialsAndModelWhereSysfsHasNone() throws Exception {
    // An older kernel without vpd_pg80: the serial is in udev's database only.
    scsiDisk("sda", "0:0:0:0", "8:0", 83886080, "Virtual disk    ");
    scsiDisk("sdb", "0:0:1:0", "8:16", 2097152, null);
    scsiDisk("sdc", "0:0:2:0", "8:32", 2097152, "PERC H730P Mini");
    write(root.resolve("run/udev/data/b8:0"), """
        S:disk/by-id/scsi-36000c29f0123456789abcdef01234567
        E:ID_SCSI=1
        E:ID_SERIAL=36000c29f0123456789abcdef01234567
        E:ID_SERIAL_SHORT=6000c29f0123456789abcdef01234567
        E:ID_SCSI_SERIAL=6000c29f01234567
        G:systemd
        """);
    write(root.resolve("run/udev/data/b8:16"), """
        E:ID_MODEL=QEMU_HARDDISK
        E:ID_MODEL_ENC=QEMU\\x20HARDDISK\\x20\\x20\\x20
        E:ID_SERIAL_SHORT=QM00003
        """);
    write(root.resolve("run/udev/data/b8:32"), "E:ID_SERIAL=3614187704e9a1f002a8b3c4d5e6f7a80\n");

    assertThat(read(root)).containsExactly(
        new DiskFacts("sda", 83886080L * 512, true, "Virtual disk", "6000c29f01234567"),
        new DiskFacts("sdb", 2097152L * 512, true, "QEMU HARDDISK", "QM00003"),
        new DiskFacts("sdc", 2097152L * 512, true, "PERC H730P Mini", "3614187704e9a1f002a8b3c4d5e6f7a80"));
    assertThat(errors).isEmpty();
  }

  @Test
  void aVirtioDiskHasItsSerialBesideItsSize() throws Exception {
    Path block = root.resolve("sys/devices/pci0000:00/0000:00:05.0/virtio2/block/vdb");
    write(block.resolve("size"), "20971520\n");
    write(block.resolve("queue/rotational"), "1\n");
    write(block.resolve("serial"), "data-volume-1"); // the kernel prints it without a newline
    Files.createSymbolicLink(block.resolve("device"), Path.of("../../../virtio2"));
    Files.createDirectories(root.resolve("sys/block"));
    Files.createSymbolicLink(root.resolve("sys/block/vdb"),
        Path.of("../devices/pci0000:00/0000:00:05.0/virtio2/block/vdb"));

    assertThat(read(root))
        .containsExactly(new DiskFacts("vdb", 20971520L * 512, true, null, "data-volume-1"));
  }

  @Test
  void unreadableAttributesAreErrorsNamingTheFileAndTheDiskStaysListed() throws Exception {
    scsiDisk("sda", "0:0:0:0", "8:0", 1, "A");
    scsiDisk("sdb", "0:0:1:0", "8:16", 1, "B");
    scsiDisk("sdc", "0:0:2:0", "8:32", 1, "C");
    Path sda = root.resolve("sys/block/sda");
    Files.writeString(root.resolve("sys/block/sda/size"), "lots\n");
    Files.writeString(root.resolve("sys/block/sda/queue/rotational"), "2\n");
    Files.writeString(root.resolve("sys/block/sdb/size"), "-8\n");
    // Page code 0x83 (device identification), not 0x80.
    Files.write(root.resolve("sys/block/sdb/device/vpd_pg80"), new byte[] {0, (byte) 0x83, 0, 2, 'A', 'B'});
    // udev's record cannot be read (here: a directory where the file should be).
    Files.createDirectories(root.resolve("run/udev/data/b8:0"));
    // A length past the end of the page.
    Files.write(root.resolve("sys/block/sdc/device/vpd_pg80"), new byte[] {0, (byte) 0x80, 0, 40, 'A'});

    var disks = read(root);

    assertThat(sda).exists();
    assertThat(disks).containsExactly(new DiskFacts("sda", null, null, "A", null),
        new DiskFacts("sdb", null, true, "B", null), new DiskFacts("sdc", 512L, true, "C", null));
    assertThat(errors).singleElement().isEqualTo("disk facts unknown: /sys/block/sda/size is not a"
        + " sector count: lots; /sys/block/sda/queue/rotational is not 0 or 1: 2;"
        + " /run/udev/data/b8:0: /run/udev/data/b8:0 is a directory, not a regular file; /sys/block/sdb/size is"
        + " not a sector count: -8; /sys/block/sdb/device/vpd_pg80 is not a VPD Unit Serial Number page;"
        + " /sys/block/sdc/device/vpd_pg80 is not a VPD Unit Serial Number page");
  }

  @Test
  void vpdUnitSerialNumberPage() {
    byte[] blank = {0, (byte) 0x80, 0, 4, ' ', ' ', ' ', ' '};
    byte[] padded = {0, (byte) 0x80, 0, 8, ' ', ' ', 'Z', 'F', 'N', '4', ' ', ' ', 0};
    byte[] binary = {0, (byte) 0x80, 0, 2, 'A', (byte) 0xc3};

    assertThat(BlockDeviceReader.unitSerialNumber(blank)).isEmpty();
    assertThat(BlockDeviceReader.unitSerialNumber(padded)).isEqualTo("ZFN4");
    assertThat(BlockDeviceReader.unitSerialNumber(binary)).isNull();
    assertThat(BlockDeviceReader.unitSerialNumber(new byte[] {0, (byte) 0x80})).isNull();
  }

  @Test
  void thisMachineMatchesLsblk() throws Exception {
    Process lsblk = new ProcessBuilder("lsblk", "-b", "-d", "-P", "-o", "NAME,SIZE,ROTA,MODEL,SERIAL,TYPE")
        .redirectErrorStream(true).start();
    String out = new String(lsblk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lsblk.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(lsblk.exitValue()).as(out).isZero();
    List<Map<String, String>> expected = new ArrayList<>();
    for (String line : out.lines().toList()) {
      Map<String, String> row = pairs(line);
      String name = row.get("NAME");
      // lsblk's TYPE says what the documented rules say: only disks, not loop, rom, lvm, raid.
      if (row.get("TYPE").equals("disk") && !row.get("SIZE").equals("0") && !name.startsWith("zram")
          && !name.startsWith("ram") && !Files.readSymbolicLink(Path.of("/sys/block", name)).toString()
              .contains("devices/virtual/")) {
        expected.add(row);
      }
    }

    List<DiskFacts> disks = read(Path.of("/"));

    assertThat(errors).isEmpty();
    assertThat(disks).extracting(DiskFacts::name)
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(r -> r.get("NAME")).toList());
    for (DiskFacts disk : disks) {
      Map<String, String> row = expected.stream().filter(r -> r.get("NAME").equals(disk.name()))
          .findFirst().orElseThrow();
      assertThat(disk.size()).as(disk.name()).isEqualTo(Long.parseLong(row.get("SIZE")));
      assertThat(disk.rotational()).as(disk.name()).isEqualTo(row.get("ROTA").equals("1"));
      assertThat(disk.model()).as(disk.name()).isEqualTo(emptyToNull(row.get("MODEL")));
      if (!row.get("SERIAL").isEmpty()) {
        assertThat(disk.serial()).as(disk.name()).isEqualTo(row.get("SERIAL"));
      } else {
        // Without udev, lsblk reads no virtio serial; the kernel's own attribute is then the oracle.
        Path virtio = Path.of("/sys/block", disk.name(), "serial");
        assertThat(disk.serial()).as(disk.name()).isEqualTo(
            Files.exists(virtio) ? emptyToNull(Files.readString(virtio).strip()) : null);
      }
    }
  }

  private static Map<String, String> pairs(String line) {
    Map<String, String> row = new HashMap<>();
    Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(line);
    while (m.find()) {
      row.put(m.group(1), m.group(2).strip());
    }
    return row;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
