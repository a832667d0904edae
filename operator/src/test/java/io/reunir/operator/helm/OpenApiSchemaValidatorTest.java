package io.reunir.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator catches each kind of mistake it claims to, on a small hand-written schema. */
class OpenApiSchemaValidatorTest {
  private static final JSONSchemaProps SCHEMA =
      Serialization.unmarshal(
          """
          type: object
          required: [urls]
          properties:
            urls:
              type: array
              minItems: 1
              items: {type: string, pattern: '^https?://'}
            interval: {type: string, pattern: '^[0-9]+[smh]$'}
            replicas: {type: integer, minimum: 0, maximum: 5}
            mode: {type: string, enum: [fast, slow]}
            port: {x-kubernetes-int-or-string: true}
            labels: {type: object, additionalProperties: {type: string}}
            extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
            note: {type: string, nullable: true}
          """,
          JSONSchemaProps.class);

  @Test
  void validValueHasNoProblems() {
    var value =
        yaml(
            """
            urls: [https://es:9200]
            interval: 1h
            replicas: 3
            mode: slow
            port: http
            labels: {a: b}
            extra: {anything: [1, 2]}
            note: null
            """);
    assertThat(OpenApiSchemaValidator.validate(SCHEMA, value)).isEmpty();
  }

  @Test
  void everyKindOfMistakeIsNamedWithItsPath() {
    var value =
        yaml(
            """
            urls: [es:9200]
            interval: hourly
            replicas: 9
            mode: medium
            port: 1.5
            labels: {a: 1}
            unknown: true
            """);
    assertThat(OpenApiSchemaValidator.validate(SCHEMA, value))
        .containsExactlyInAnyOrder(
            "urls[0]: 'es:9200' does not match ^https?://",
            "interval: 'hourly' does not match ^[0-9]+[smh]$",
            "replicas: 9 is above the maximum 5.0",
            "mode: medium is not one of [fast, slow]",
            "port: must be an integer or a string, got Double 1.5",
            "labels.a: must be string, got Integer 1",
            "unknown: unknown field");
  }

  @Test
  void missingRequiredEmptyListAndWrongTypeAreReported() {
    assertThat(OpenApiSchemaValidator.validate(SCHEMA, yaml("replicas: two")))
        .containsExactlyInAnyOrder("replicas: must be integer, got String two", "urls: required");
    assertThat(OpenApiSchemaValidator.validate(SCHEMA, yaml("urls: []")))
        .containsExactly("urls: fewer than 1 items");
    assertThat(OpenApiSchemaValidator.validate(SCHEMA, yaml("urls: null")))
        .contains("urls: must not be null");
  }

  private static Map<?, ?> yaml(String text) {
    return Serialization.unmarshal(text, Map.class);
  }
}
