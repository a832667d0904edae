package io.reunir.agent.probe.packages.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.reunir.agent.model.PackageRecord;
import io.reunir.agent.probe.host.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of Bottlerocket's {@code /usr/share/bottlerocket/application-inventory.json}: the rpm
 * packages the image was built from, as {@code {"Content": [{"Name", "Version", "Release", "Epoch",
 * "Architecture", "Publisher", "InstalledTime", "Url", "Summary", ...}]}} with every value a string.
 * Kept: name, {@code [epoch:]version-release} as rpm prints it (epoch 0 or none is left out), epoch,
 * release and architecture. A record without a name or version, or with an epoch that is not a
 * number, is skipped with a problem.
 */
public final class BottlerocketInventoryParser {
  static final String FORMAT = "application inventory JSON";

  private BottlerocketInventoryParser() {}

  public static ParseResult parse(InputStream in) throws IOException {
    List<PackageRecord> packages = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    InventoryJson.read(in, FORMAT, "Content", List.of("Content"), (array, index, node) -> {
      try {
        packages.add(record(node));
      } catch (InventoryJson.BadRecord e) {
        problems.add(FORMAT + ": Content[" + index + "]" + InventoryJson.label(node, "Name") + ": " + e.getMessage()
            + "; skipped");
      }
    }, problems);
    return new ParseResult(List.copyOf(packages), List.copyOf(problems));
  }

  private static PackageRecord record(JsonNode node) throws InventoryJson.BadRecord {
    if (!node.isObject()) {
      throw new InventoryJson.BadRecord("not an object");
    }
    String name = InventoryJson.required(node, "Name");
    String version = InventoryJson.required(node, "Version");
    String release = InventoryJson.text(node, "Release").orElse(null);
    String epoch = InventoryJson.text(node, "Epoch").orElse(null);
    if (epoch != null && (epoch.length() > 9 || !epoch.chars().allMatch(c -> c >= '0' && c <= '9'))) {
      throw new InventoryJson.BadRecord("\"Epoch\" '" + epoch + "' is not a number");
    }
    String full = (epoch == null || Integer.parseInt(epoch) == 0 ? "" : epoch + ":") + version
        + (release == null ? "" : "-" + release);
    return new PackageRecord("bottlerocket", name, full,
        InventoryJson.text(node, "Architecture").orElse(null), epoch, release, null, null, null, null);
  }
}
