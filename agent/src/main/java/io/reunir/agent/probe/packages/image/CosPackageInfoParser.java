package io.reunir.agent.probe.packages.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.host.ParseResult;
import io.reunir.contract.version.PortageVersionKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of Container-Optimized OS's {@code /etc/cos-package-info.json}: {@code {"installedPackages":
 * [{"category", "name", "version", "ebuild_version"}], "buildTimePackages": [...]}}. COS is built
 * with portage: {@code ebuild_version} is the Gentoo version ({@code 1.2.11-r5}), {@code version} the
 * COS build that made the package ({@code 17162.336.16}).
 *
 * <p>Only {@code installedPackages} are on the node; {@code buildTimePackages} built the image and
 * are not in it, so they are left out. Kept: name, the ebuild version as {@code package.version}
 * (older files have only {@code version}, which then holds it), its {@code -rN} revision as release,
 * {@code category/name} (the atom Gentoo's advisories name) as source and the COS build as source
 * version. A record without a name or version, or whose version portage would reject, is skipped with
 * a problem.
 */
public final class CosPackageInfoParser {
  static final String FORMAT = "cos-package-info JSON";
  private static final String INSTALLED = "installedPackages";

  private CosPackageInfoParser() {}

  public static ParseResult parse(InputStream in) throws IOException {
    List<PackageRecord> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    InventoryJson.read(in, FORMAT, INSTALLED, List.of(INSTALLED), (array, index, node) -> {
      try {
        packages.add(record(node));
      } catch (InventoryJson.BadRecord e) {
        problems.add(FORMAT + ": " + INSTALLED + "[" + index + "]" + InventoryJson.label(node, "name")
            + ": " + e.getMessage() + "; skipped");
      }
    }, problems);
    return new ParseResult(List.copyOf(packages), List.copyOf(problems));
  }

  private static PackageRecord record(JsonNode node) throws InventoryJson.BadRecord {
    if (!node.isObject()) {
      throw new InventoryJson.BadRecord("not an object");
    }
    String name = InventoryJson.required(node, "name");
    String ebuild = InventoryJson.text(node, "ebuild_version").orElse(null);
    String plain = InventoryJson.text(node, "version").orElse(null);
    String version = ebuild != null ? ebuild : plain;
    String cosBuild = ebuild != null ? plain : null;
    if (version == null) {
      throw new InventoryJson.BadRecord("no \"ebuild_version\" or \"version\"");
    }
    if (!PortageVersionKey.isValid(version)) {
      throw new InventoryJson.BadRecord("'" + version + "' is not a portage version");
    }
    String category = InventoryJson.text(node, "category").orElse(null);
    int rev = version.lastIndexOf("-r");
    return new PackageRecord("cos", name, version, null, null, rev > 0 ? version.substring(rev + 1) : null,
        category == null ? name : category + "/" + name, cosBuild, null, null);
  }
}
