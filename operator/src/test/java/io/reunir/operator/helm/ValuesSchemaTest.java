package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json (and the template's own checks) turn bad values into a message naming them. */
class ValuesSchemaTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      unknown top-level key            | replica: 2                                                   | additional properties 'replica' not allowed
      wrong type                       | replicas: two                                                | '/replicas': got string, want integer
      negative replicas                | replicas: -1                                                 | '/replicas'
      pull policy not in the enum      |  image: {repository: r, pullPolicy: Sometimes}               | '/image/pullPolicy'
      unknown nested key               |  image: {repository: r, digest: sha256}                      | additional properties 'digest' not allowed
      namespace not a DNS label        |  watchNamespaces: [Team_A]                                   | '/watchNamespaces/0': 'Team_A' does not match pattern
      port out of range                |  metrics: {port: 70000}                                      | '/metrics/port'
      leader election not a boolean    |  leaderElection: {enabled: "yes"}                            | '/leaderElection/enabled': got string, want boolean
      unknown probe                    |  defaultPolicy: {probes: [os, rootkit]}                      | '/defaultPolicy/probes/1'
      bad interval                     |  defaultPolicy: {schedule: {interval: hourly}}               | '/defaultPolicy/schedule/interval'
      url without scheme               |  defaultPolicy: {elasticsearch: {urls: [es.example:9200]}}   | '/defaultPolicy/elasticsearch/urls/0'
      enabled policy without urls      |  defaultPolicy: {enabled: true, clusterName: c}              | '/defaultPolicy/elasticsearch/urls': minItems
      files probe without paths        |  defaultPolicy: {probes: [os, files]}                        | '/defaultPolicy/files': minItems: got 0, want 1
      relative file path               |  defaultPolicy: {files: [etc/passwd]}                        | '/defaultPolicy/files/0'
      interval in days                 |  defaultPolicy: {schedule: {interval: 1d}}                   | '/defaultPolicy/schedule/interval'
      cluster name with capitals       |  defaultPolicy: {clusterName: Prod}                          | '/defaultPolicy/clusterName'
      enabled policy without cluster   |  defaultPolicy: {enabled: true, elasticsearch: {urls: [https://es:9200]}}  | '/defaultPolicy/clusterName': minLength
      """)
  void badValuesAreRejectedWithAMessageNamingThem(String why, String values, String named)
      throws IOException {
    var file = Files.writeString(dir.resolve("values.yaml"), values + "\n");

    assertThatThrownBy(() -> RenderedChart.render(file))
        .as(why)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(named);
  }
}
