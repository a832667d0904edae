package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in examples/ parses into typed objects and every policy in it matches the CRD. */
class ExamplesTest {
  static Stream<Path> examples() throws IOException {
    var files =
        Files.list(ChartFiles.examples())
            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
            .toList();
    assertThat(files).as("files in examples/").isNotEmpty();
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyPolicyValidatesAgainstTheCrd(Path example) {
    var objects = RenderedChart.parse(ChartFiles.read(example)).objects();
    var policies = objects.stream().filter(o -> o.getKind().equals("CollectionPolicy")).toList();
    assertThat(policies).as("CollectionPolicies in %s", example.getFileName()).isNotEmpty();

    var crd = CrdSchema.load();
    for (var policy : policies) {
      assertThat(OpenApiSchemaValidator.validate(crd, DefaultPolicyTest.asMap(policy)))
          .as("%s: %s", example.getFileName(), policy.getMetadata().getName())
          .isEmpty();
    }
    // everything else is a built-in kind Fabric8 knows, not an untyped leftover
    assertThat(objects.stream().filter(o -> !o.getKind().equals("CollectionPolicy")))
        .allSatisfy(o -> assertThat(o).isNotInstanceOf(GenericKubernetesResource.class))
        .extracting(HasMetadata::getKind)
        .allMatch(k -> !k.isEmpty());
  }
}
