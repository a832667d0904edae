package io.reunir.operator.helm;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The chart rendered by the embedded Helm and parsed by Fabric8 into typed objects. */
record RenderedChart(String yaml, List<HasMetadata> objects) {
  static final String RELEASE = "inv";
  static final String NAMESPACE = "reunir-system";
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /** Renders with the chart's default values plus the given values files, in order. */
  static RenderedChart render(Path... valuesFiles) {
    var template =
        new Helm(ChartFiles.chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (var file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    return parse(template.call());
  }

  static RenderedChart parse(String yaml) {
    var objects = new ArrayList<HasMetadata>();
    for (var doc : DOCUMENT_SEPARATOR.split(yaml)) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(doc, HasMetadata.class));
    }
    return new RenderedChart(yaml, List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    var found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + ", rendered " + found.size() + ":\n" + yaml);
    }
    return found.get(0);
  }

  Optional<HasMetadata> byKind(String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).findFirst();
  }
}
