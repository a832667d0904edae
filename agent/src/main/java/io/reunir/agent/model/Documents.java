package io.reunir.agent.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reunir.contract.doc.Doc;
import io.reunir.contract.version.VersionKey;
import java.lang.ref.WeakReference;
import java.util.Locale;

/**
 * The documents Reunir indexes, rendered from a snapshot. Field names here are a public interface:
 * Redash queries name them, and the index templates under {@code resources/templates/} map them.
 * Names follow the Elastic Common Schema; what ECS lacks lives under {@code reunir.*}.
 */
public final class Documents {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Documents() {}

  /** The node's name: the Kubernetes node name when known, else the host's own name. */
  public static String nodeName(Snapshot snapshot) {
    if (snapshot.nodeName() != null) {
      return snapshot.nodeName();
    }
    return snapshot.os() == null ? null : snapshot.os().hostname();
  }

  /**
   * The last snapshot's common fields: a node's thousands of documents share them. The snapshot is
   * held weakly: a strong reference kept the previous cycle's whole snapshot (every package record)
   * alive while the agent slept and while the next cycle built its own, doubling the live set.
   */
  private record Common(WeakReference<Snapshot> snapshot, DocumentContext context, ObjectNode fields,
      NodeContext node) {}

  /** Per thread: a simulator renders many nodes at once, an agent one node on one thread. */
  private static final ThreadLocal<Common> LAST_COMMON = new ThreadLocal<>();

  /**
   * The fields every document of a node carries, so each one reads alone in a Redash table. The
   * {@code reunir.node.*} part is put on each document rather than shared: {@code reunir} is the
   * object every document adds its own fields and its hash to.
   */
  private static Doc common(Snapshot snapshot, DocumentContext context) {
    Common cached = LAST_COMMON.get();
    if (cached == null || cached.snapshot().get() != snapshot || !cached.context().equals(context)) {
      NodeContext node = NodeContext.of(snapshot.kubernetes());
      cached = new Common(new WeakReference<>(snapshot), context,
          commonFields(snapshot, context, node).json(), node);
      LAST_COMMON.set(cached);
    }
    Doc doc = Doc.sharing(cached.fields());
    if (cached.node() != null) {
      cached.node().putNode(doc);
    }
    return doc;
  }

  private static Doc commonFields(Snapshot snapshot, DocumentContext context, NodeContext node) {
    var doc = new Doc()
        .put("@timestamp", snapshot.collectedAt())
        .put("orchestrator.cluster.name", context.clusterName())
        .put("host.name", nodeName(snapshot));
    OsFacts os = snapshot.os();
    if (os != null) {
      doc.put("host.os.type", "linux").put("host.os.kernel", os.kernel());
      OsRelease release = os.release();
      if (release != null) {
        doc.put("host.os.platform", release.id())
            .put("host.os.family", family(release))
            .put("host.os.name", release.name())
            .put("host.os.full", release.prettyName())
            .put("host.os.version", release.versionId())
            .put("host.os.codename", release.versionCodename());
      }
    }
    if (node != null) {
      node.putCloud(doc);
    }
    return doc;
  }

  /** The family a distribution belongs to: the first ID_LIKE, else its own ID. */
  static String family(OsRelease release) {
    if (release.idLike() != null && !release.idLike().isBlank()) {
      return release.idLike().strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
    }
    return release.id();
  }

  public static ObjectNode node(Snapshot snapshot, DocumentContext context) {
    Doc doc = common(snapshot, context)
        .put("reunir.policy", context.policy())
        .put("agent.version", context.agentVersion())
        .put("reunir.scan.id", snapshot.scanId());
    OsFacts os = snapshot.os();
    if (os != null) {
      doc.put("host.hostname", os.hostname())
          .put("host.id", os.machineId())
          .put("host.architecture", os.architecture())
          .put("host.boot.id", os.bootId())
          .put("host.uptime", os.uptimeSeconds())
          .put("reunir.host.boot_time", os.bootTime());
    }
    HardwareFacts hardware = snapshot.hardware();
    if (hardware != null) {
      if (hardware.cpu() != null) {
        doc.put("reunir.cpu.model", hardware.cpu().model())
            .put("reunir.cpu.sockets", hardware.cpu().sockets())
            .put("reunir.cpu.cores", hardware.cpu().cores())
            .put("reunir.cpu.logical", hardware.cpu().logical());
      }
      doc.put("reunir.memory.total", hardware.memoryTotal());
      if (hardware.interfaces() != null) {
        ArrayNode ips = JSON.arrayNode();
        ArrayNode macs = JSON.arrayNode();
        ArrayNode nics = JSON.arrayNode();
        for (NetworkInterfaceFacts nic : hardware.interfaces()) {
          if (nic.mac() != null) {
            macs.add(nic.mac());
          }
          nic.addresses().forEach(ips::add);
          nics.add(new Doc().put("name", nic.name()).put("mac", nic.mac())
              .put("ip", strings(nic.addresses())).json());
        }
        doc.put("host.ip", ips).put("host.mac", macs).put("reunir.interfaces", nics);
      }
      if (hardware.filesystems() != null) {
        ArrayNode filesystems = JSON.arrayNode();
        for (FilesystemFacts fs : hardware.filesystems()) {
          filesystems.add(new Doc().put("mount", fs.mount()).put("type", fs.type())
              .put("size", fs.size()).put("free", fs.free()).json());
        }
        doc.put("reunir.filesystems", filesystems);
      }
      if (hardware.disks() != null) {
        ArrayNode disks = JSON.arrayNode();
        for (DiskFacts disk : hardware.disks()) {
          disks.add(new Doc().put("name", disk.name()).put("size", disk.size())
              .put("rotational", disk.rotational()).put("model", disk.model())
              .put("serial", disk.serial()).json());
        }
        doc.put("reunir.disks", disks);
      }
    }
    KubernetesFacts kubernetes = snapshot.kubernetes();
    if (kubernetes != null) {
      ObjectNode labels = JSON.objectNode();
      if (kubernetes.labels() != null) {
        kubernetes.labels().forEach(labels::put);
      }
      doc.put("reunir.node.labels", labels)
          .put("reunir.node.taints", strings(kubernetes.taints()))
          .put("reunir.node.kubelet_version", kubernetes.kubeletVersion())
          .put("reunir.node.container_runtime", kubernetes.containerRuntime())
          .put("reunir.node.provider_id", kubernetes.providerId())
          .put("reunir.node.zone", kubernetes.zone());
    }
    if (!snapshot.files().isEmpty()) {
      ArrayNode files = JSON.arrayNode();
      for (FileRecord file : snapshot.files()) {
        files.add(new Doc().put("path", file.path()).put("size", file.size())
            .put("mtime", file.mtime()).put("sha256", file.sha256()).put("error", file.error()).json());
      }
      doc.put("reunir.files", files);
    }
    if (!snapshot.errors().isEmpty()) {
      ArrayNode errors = JSON.arrayNode();
      for (ProbeError error : snapshot.errors()) {
        errors.add(new Doc().put("probe", error.probe()).put("error", error.error()).json());
      }
      doc.put("reunir.probe.errors", errors);
    }
    return doc.json();
  }

  /** One document per (node, package). */
  public static ObjectNode packageDoc(Snapshot snapshot, DocumentContext context, PackageRecord pkg,
      Boolean inUse) {
    return packageDoc(snapshot, context, pkg, inUse, null, null);
  }

  /**
   * {@code deletedInUse}: old files of the package still mapped by a running process, and
   * {@code deletedInUseBy} the programs mapping them (libraries probe; null when it did not tell).
   */
  public static ObjectNode packageDoc(Snapshot snapshot, DocumentContext context, PackageRecord pkg,
      Boolean inUse, Boolean deletedInUse, java.util.List<String> deletedInUseBy) {
    return putPackage(common(snapshot, context), pkg)
        .put("reunir.scope", "host")
        .put("reunir.package.in_use", inUse)
        .put("reunir.package.deleted_in_use", deletedInUse)
        .put("reunir.package.deleted_in_use_by", deletedInUseBy == null ? null : strings(deletedInUseBy))
        .json();
  }

  /**
   * One document per (node, running container): the pod and the image it runs, and its packages as
   * {@code name|version_key} keys, so "which pods run X older than Y" is one range query. The
   * packages themselves are in the image documents of its fingerprint.
   */
  public static ObjectNode containerDoc(Snapshot snapshot, DocumentContext context, ContainerRecord c) {
    ContainerRecord.PodRef pod = c.pod();
    ImageRecord image = c.content().image();
    Doc doc = common(snapshot, context)
        .put("container.id", c.id())
        .put("container.runtime", c.runtime())
        .put("container.image.name", c.imageName())
        .put("container.image.hash.all", c.imageDigests())
        .put("kubernetes.namespace", pod.namespace())
        .put("kubernetes.pod.name", pod.name())
        .put("kubernetes.pod.uid", pod.uid())
        .put("kubernetes.container.name", pod.container())
        .put("reunir.scope", "container")
        .put("reunir.container.started", c.started())
        .put("reunir.container.fingerprint", image == null ? null : image.fingerprint())
        .put("reunir.container.state", c.content().state().value())
        .put("reunir.container.error", c.content().error());
    if (image != null) {
      doc.put("reunir.container.packages", image.packages().size());
      if (image.os() != null) {
        doc.put("reunir.container.os.platform", image.os().id())
            .put("reunir.container.os.version", image.os().versionId())
            .put("reunir.container.os.full", image.os().prettyName());
      }
      doc.put("reunir.container.package_keys", packageKeys(image));
    }
    return doc.json();
  }

  /**
   * {@code name|version_key} per package, sorted: a package whose version has no key is left out, as
   * a range on keys cannot place it.
   */
  static java.util.List<String> packageKeys(ImageRecord image) {
    var keys = new java.util.TreeSet<String>();
    for (PackageRecord pkg : image.packages()) {
      String key = versionKey(pkg);
      if (key != null) {
        keys.add(pkg.name() + "|" + key);
      }
    }
    return java.util.List.copyOf(keys);
  }

  /**
   * One document per (image fingerprint, package), shared by every node that runs the image: the
   * packages index's {@code package.*}, {@code reunir.package.*} and {@code host.os.*} names, so the
   * advisory match rule runs on it unchanged, and no node fields.
   */
  public static ObjectNode imagePackageDoc(Snapshot snapshot, ImageRecord image, PackageRecord pkg) {
    Doc doc = new Doc().put("@timestamp", snapshot.collectedAt());
    putImageOs(doc, image);
    return putPackage(doc, pkg)
        .put("reunir.scope", "container")
        .put("reunir.image.fingerprint", image.fingerprint())
        .json();
  }

  /** The package's own fields, the same on a node's package document and an image's. */
  private static Doc putPackage(Doc doc, PackageRecord pkg) {
    return doc
        .put("package.type", pkg.type())
        .put("package.name", pkg.name())
        .put("package.version", pkg.version())
        .put("package.architecture", pkg.architecture())
        .put("package.size", pkg.size())
        .put("package.installed", pkg.installed())
        .put("reunir.package.version_key", versionKey(pkg))
        .put("reunir.package.epoch", pkg.epoch())
        .put("reunir.package.release", pkg.release())
        .put("reunir.package.source", pkg.source())
        .put("reunir.package.source_version", pkg.sourceVersion())
        .put("reunir.package.state", pkg.state());
  }

  /** The image's manifest, written after its package documents: they are all there. */
  public static ObjectNode imageManifestDoc(Snapshot snapshot, ImageRecord image) {
    Doc doc = new Doc().put("@timestamp", snapshot.collectedAt());
    putImageOs(doc, image);
    return doc
        .put("reunir.scope", "container")
        .put("reunir.image.fingerprint", image.fingerprint())
        .put("reunir.image.packages", image.packages().size())
        .put("reunir.image.complete", true)
        .json();
  }

  private static void putImageOs(Doc doc, ImageRecord image) {
    if (image.os() != null) {
      doc.put("host.os.platform", image.os().id())
          .put("host.os.full", image.os().prettyName())
          .put("host.os.version", image.os().versionId());
    }
  }

  /** The sortable version key; a version the key function rejects gets none, not a failed document. */
  static String versionKey(PackageRecord pkg) {
    try {
      return VersionKey.of(pkg.type(), pkg.version());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** One document per (node, service unit). */
  public static ObjectNode serviceDoc(Snapshot snapshot, DocumentContext context, ServiceRecord service) {
    return common(snapshot, context)
        .put("service.name", service.name())
        .put("service.state", service.state())
        .put("reunir.service.enabled", service.enabled())
        .put("reunir.service.sub_state", service.subState())
        .put("process.pid", service.pid())
        .put("process.executable", service.executable())
        .put("reunir.process.executable_deleted", service.executableDeleted())
        .put("reunir.service.executable_source", service.executableSource())
        .put("package.name", service.packageName())
        .json();
  }

  /** One document per (node, process), from the opt-in processes probe. */
  public static ObjectNode processDoc(Snapshot snapshot, DocumentContext context, ProcessRecord process) {
    return common(snapshot, context)
        .put("process.pid", process.pid())
        .put("process.name", process.name())
        .put("process.executable", process.executable())
        .put("reunir.process.executable_deleted", process.executableDeleted())
        .put("reunir.process.executable_source", process.executableSource())
        .put("user.id", process.uid() == null ? null : Long.toString(process.uid()))
        .put("user.name", process.user())
        .put("package.name", process.packageName())
        .json();
  }

  private static ArrayNode strings(java.util.List<String> values) {
    ArrayNode array = JSON.arrayNode();
    if (values != null) {
      values.forEach(array::add);
    }
    return array;
  }
}
