package io.reunir.agent.probe.hardware;

import io.reunir.agent.model.DiskFacts;
import io.reunir.agent.probe.Bounded;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import oshi.hardware.HWDiskStore;

/**
 * The host's disks, from {@code /sys/block} under the host root: one entry per whole device that
 * holds data. OSHI ({@link OshiHost#disks}) lists the entries that have a {@code device} and reads
 * {@code size} (always in 512-byte sectors, whatever the device's own sector size), {@code
 * device/model} and {@code device/serial} (NVMe). Read here: what OSHI leaves empty or unreadable,
 * with the error naming the file (OSHI reads a bad file as empty); {@code rotational} from {@code
 * queue/rotational} (OSHI folds it into a disk type that says "Removable" instead); and the serials
 * OSHI does not read: {@code serial} (virtio), {@code device/vpd_pg80} (SCSI, SATA and SAS through
 * the SCSI layer: the VPD Unit Serial Number page) and, where {@code /run/udev} is visible, udev's
 * {@code ID_SCSI_SERIAL}, {@code ID_SERIAL_SHORT} or {@code ID_SERIAL} in {@code
 * /run/udev/data/b<major>:<minor>} (the order lsblk prefers among udev's), and udev's model. OSHI's
 * udev path would ask libudev through JNA, which reads the agent container's {@code /sys}.
 *
 * <p>Left out: loop and RAM disks ({@code loop*}, {@code ram*}, {@code zram*}), every device whose
 * sysfs entry lives under {@code devices/virtual/} ({@code dm-*} for LVM, LUKS and multipath, {@code
 * md*} software RAID, {@code nbd*}): they are views of the disks listed, and their contents show in
 * {@code reunir.filesystems}; and devices of size zero (an empty card reader or CD drive). Partitions
 * are not listed: {@code /sys/block} names only whole disks, and a partition's file system is in
 * {@code reunir.filesystems}.
 */
final class BlockDeviceReader {
  static final long SECTOR = 512;
  private static final int MAX_VPD_BYTES = 4096;

  private BlockDeviceReader() {}

  static List<DiskFacts> read(HostRoot host, BiConsumer<String, String> error) throws IOException {
    Path blockDir = host.resolve("/sys/block");
    if (!Files.isDirectory(blockDir)) {
      error.accept("hardware", "disks unknown: no /sys/block under the host root");
      return null;
    }
    List<HWDiskStore> found = new ArrayList<>(OshiHost.forRoot(host.root()).disks());
    found.sort(Comparator.comparing(OshiHost::kernelName));
    List<DiskFacts> disks = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (HWDiskStore store : found) {
      String name = OshiHost.kernelName(store);
      Path entry = blockDir.resolve(name);
      if (name.startsWith("loop") || name.startsWith("ram") || name.startsWith("zram")
          || (Files.isSymbolicLink(entry)
              && Files.readSymbolicLink(entry).toString().contains("devices/virtual/"))) {
        continue;
      }
      try {
        disk(host, store, name, unreadable).ifPresent(disks::add);
      } catch (IOException e) {
        unreadable.add(
            "/sys/block/" + name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    if (!unreadable.isEmpty()) {
      error.accept("hardware", Bounded.text("disk facts unknown: " + String.join("; ", unreadable)));
    }
    return disks;
  }

  /** One disk, or none for a device of size zero. */
  private static Optional<DiskFacts> disk(HostRoot host, HWDiskStore store, String name,
      List<String> unreadable) throws IOException {
    String base = "/sys/block/" + name;
    Long size = store.getSize() > 0 ? Long.valueOf(store.getSize()) : size(host, base, unreadable);
    if (size != null && size == 0) {
      return Optional.empty();
    }
    Boolean rotational = null;
    String rota = host.readFirstLine(base + "/queue/rotational").orElse(null);
    if ("0".equals(rota) || "1".equals(rota)) {
      rotational = rota.equals("1");
    } else {
      unreadable.add(base + "/queue/rotational is "
          + (rota == null ? "missing" : "not 0 or 1: " + rota));
    }
    Map<String, String> udev;
    String majorMinor = host.readFirstLine(base + "/dev").orElse(null);
    try {
      udev = udev(host, majorMinor);
    } catch (IOException e) {
      // udev's database only adds a serial or a model: the disk is still listed, the reason kept.
      unreadable.add("/run/udev/data/b" + majorMinor + ": " + e.getMessage());
      udev = Map.of();
    }
    String model = store.getModel().isBlank() ? udevModel(udev) : store.getModel();
    String serial = store.getSerial().isBlank() ? serial(host, base, udev, unreadable)
        : store.getSerial();
    return Optional.of(new DiskFacts(Bounded.text(name), size, rotational, Bounded.text(model),
        Bounded.text(serial)));
  }

  /** Bytes, when OSHI's size is zero: null with the reason when the file says no count. */
  private static Long size(HostRoot host, String base, List<String> unreadable)
      throws IOException {
    Optional<String> sectors = host.readFirstLine(base + "/size");
    if (sectors.isEmpty()) {
      unreadable.add(base + "/size is missing");
      return null;
    }
    try {
      long count = Long.parseLong(sectors.get());
      if (count < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(count, SECTOR);
    } catch (NumberFormatException | ArithmeticException e) {
      unreadable.add(base + "/size is not a sector count: " + sectors.get());
      return null;
    }
  }

  /** The serial OSHI did not find in {@code device/serial}. */
  private static String serial(HostRoot host, String base, Map<String, String> udev,
      List<String> unreadable) throws IOException {
    Optional<String> sysfs = host.readFirstLine(base + "/serial");
    if (sysfs.isPresent()) {
      return sysfs.get();
    }
    byte[] vpd = bytes(host, base + "/device/vpd_pg80");
    if (vpd != null) {
      String fromVpd = unitSerialNumber(vpd);
      if (fromVpd == null) {
        unreadable.add(base + "/device/vpd_pg80 is not a VPD Unit Serial Number page");
      } else if (!fromVpd.isEmpty()) {
        return fromVpd;
      }
    }
    for (String key : List.of("ID_SCSI_SERIAL", "ID_SERIAL_SHORT", "ID_SERIAL")) {
      if (udev.containsKey(key)) {
        return udev.get(key);
      }
    }
    return null;
  }

  /**
   * The serial in a VPD page 0x80 (SPC: byte 1 is the page code, bytes 2-3 the length of the ASCII
   * serial that follows, space-padded); "" for a device that leaves it blank, null when malformed.
   */
  static String unitSerialNumber(byte[] page) {
    if (page.length < 4 || (page[1] & 0xff) != 0x80) {
      return null;
    }
    int length = ((page[2] & 0xff) << 8) | (page[3] & 0xff);
    if (4 + length > page.length) {
      return null;
    }
    for (int i = 4; i < 4 + length; i++) {
      if (page[i] != 0 && (page[i] < 0x20 || page[i] > 0x7e)) {
        return null; // the standard says ASCII; anything else is not a serial to report
      }
    }
    return new String(page, 4, length, StandardCharsets.US_ASCII).replace("\0", "").strip();
  }

  /** udev's {@code E:KEY=value} lines for the device, empty when udev's database is not visible. */
  static Map<String, String> udev(HostRoot host, String majorMinor) throws IOException {
    Map<String, String> properties = new HashMap<>();
    if (majorMinor == null || !majorMinor.matches("\\d+:\\d+")) {
      return properties;
    }
    for (String line : host.readText("/run/udev/data/b" + majorMinor).orElse("").split("\n")) {
      int equals = line.indexOf('=');
      if (line.startsWith("E:") && equals > 2 && equals < line.length() - 1) {
        properties.put(line.substring(2, equals), line.substring(equals + 1).strip());
      }
    }
    return properties;
  }

  /** udev's ID_MODEL_ENC with its {@code \\xHH} escapes undone (lsblk's choice), else ID_MODEL. */
  private static String udevModel(Map<String, String> udev) {
    String encoded = udev.get("ID_MODEL_ENC");
    if (encoded == null) {
      return udev.get("ID_MODEL");
    }
    var out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      if (encoded.startsWith("\\x", i) && i + 4 <= encoded.length()
          && encoded.substring(i + 2, i + 4).matches("[0-9a-fA-F]{2}")) {
        out.write(Integer.parseInt(encoded.substring(i + 2, i + 4), 16));
        i += 3;
      } else {
        out.write(encoded.charAt(i));
      }
    }
    String model = out.toString(StandardCharsets.UTF_8).strip();
    return model.isEmpty() ? null : model;
  }

  private static byte[] bytes(HostRoot host, String path) throws IOException {
    try (InputStream in = host.open(path)) {
      return in.readNBytes(MAX_VPD_BYTES);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
