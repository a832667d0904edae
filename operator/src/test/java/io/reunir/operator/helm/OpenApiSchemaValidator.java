package io.reunir.operator.helm;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a custom resource against its CRD's openAPIV3Schema the way the API server does for the
 * structural subset CRDs use: type, properties (unknown fields rejected, as with strict field
 * validation, unless x-kubernetes-preserve-unknown-fields), additionalProperties, required, enum,
 * pattern, minimum/maximum, min/max length and items, nullable, x-kubernetes-int-or-string. Written
 * here because no JSON-schema library is on the build's classpath; formats, CEL rules and
 * anyOf/oneOf are not checked. Returns what is wrong, each naming the field path; empty = valid.
 */
final class OpenApiSchemaValidator {
  private OpenApiSchemaValidator() {}

  /** Validates a whole resource (apiVersion, kind, spec) against the CRD. */
  static List<String> validate(CustomResourceDefinition crd, Map<?, ?> resource) {
    var problems = new ArrayList<String>();
    var group = crd.getSpec().getGroup();
    var kind = crd.getSpec().getNames().getKind();
    var apiVersion = String.valueOf(resource.get("apiVersion"));
    if (!kind.equals(resource.get("kind"))) {
      problems.add("kind: " + resource.get("kind") + " is not " + kind);
      return problems;
    }
    var version =
        crd.getSpec().getVersions().stream()
            .filter(
                v ->
                    apiVersion.equals(group + "/" + v.getName())
                        && Boolean.TRUE.equals(v.getServed()))
            .findFirst();
    if (version.isEmpty()) {
      problems.add("apiVersion: " + apiVersion + " is not served by the CRD");
      return problems;
    }
    var schema = version.get().getSchema().getOpenAPIV3Schema();
    var metadata = resource.get("metadata");
    if (!(metadata instanceof Map<?, ?> m) || !(m.get("name") instanceof String)) {
      problems.add("metadata.name: required");
    }
    for (var field : resource.keySet()) {
      var key = String.valueOf(field);
      if (key.equals("apiVersion") || key.equals("kind") || key.equals("metadata")) {
        continue;
      }
      check(
          schema.getProperties() == null ? null : schema.getProperties().get(key),
          resource.get(field),
          key,
          problems);
    }
    if (schema.getRequired() != null) {
      schema.getRequired().stream()
          .filter(r -> !resource.containsKey(r))
          .forEach(r -> problems.add(r + ": required"));
    }
    return problems;
  }

  /** Validates one value against one schema node; exposed for the validator's own tests. */
  static List<String> validate(JSONSchemaProps schema, Object value) {
    var problems = new ArrayList<String>();
    check(schema, value, "", problems);
    return problems;
  }

  private static void check(
      JSONSchemaProps schema, Object value, String path, List<String> problems) {
    var at = path.isEmpty() ? "(root)" : path;
    if (schema == null) {
      problems.add(at + ": unknown field");
      return;
    }
    if (value == null) {
      if (!Boolean.TRUE.equals(schema.getNullable())) {
        problems.add(at + ": must not be null");
      }
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!(value instanceof String) && !isInteger(value)) {
        problems.add(at + ": must be an integer or a string, got " + describe(value));
      }
      return;
    }
    var type = schema.getType();
    if (type != null && !hasType(type, value)) {
      problems.add(at + ": must be " + type + ", got " + describe(value));
      return;
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      var allowed =
          schema.getEnum().stream().map(e -> e.isTextual() ? e.asText() : e.toString()).toList();
      if (!allowed.contains(String.valueOf(value))) {
        problems.add(at + ": " + value + " is not one of " + allowed);
      }
    }
    if (value instanceof String s) {
      checkString(schema, s, at, problems);
    } else if (value instanceof Number n) {
      if (schema.getMinimum() != null && n.doubleValue() < schema.getMinimum()) {
        problems.add(at + ": " + n + " is below the minimum " + schema.getMinimum());
      }
      if (schema.getMaximum() != null && n.doubleValue() > schema.getMaximum()) {
        problems.add(at + ": " + n + " is above the maximum " + schema.getMaximum());
      }
    } else if (value instanceof List<?> list) {
      checkList(schema, list, path, problems);
    } else if (value instanceof Map<?, ?> map) {
      checkObject(schema, map, path, problems);
    }
  }

  private static void checkString(
      JSONSchemaProps schema, String s, String at, List<String> problems) {
    if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(s).find()) {
      problems.add(at + ": '" + s + "' does not match " + schema.getPattern());
    }
    if (schema.getMinLength() != null && s.length() < schema.getMinLength()) {
      problems.add(at + ": shorter than " + schema.getMinLength());
    }
    if (schema.getMaxLength() != null && s.length() > schema.getMaxLength()) {
      problems.add(at + ": longer than " + schema.getMaxLength());
    }
  }

  private static void checkList(
      JSONSchemaProps schema, List<?> list, String path, List<String> problems) {
    var at = path.isEmpty() ? "(root)" : path;
    if (schema.getMinItems() != null && list.size() < schema.getMinItems()) {
      problems.add(at + ": fewer than " + schema.getMinItems() + " items");
    }
    if (schema.getMaxItems() != null && list.size() > schema.getMaxItems()) {
      problems.add(at + ": more than " + schema.getMaxItems() + " items");
    }
    var items = schema.getItems() == null ? null : schema.getItems().getSchema();
    if (items != null) {
      for (int i = 0; i < list.size(); i++) {
        check(items, list.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  private static void checkObject(
      JSONSchemaProps schema, Map<?, ?> map, String path, List<String> problems) {
    var prefix = path.isEmpty() ? "" : path + ".";
    var properties =
        schema.getProperties() == null ? Map.<String, JSONSchemaProps>of() : schema.getProperties();
    var additional = schema.getAdditionalProperties();
    var preserveUnknown = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
    for (var entry : map.entrySet()) {
      var key = String.valueOf(entry.getKey());
      var property = properties.get(key);
      if (property != null) {
        check(property, entry.getValue(), prefix + key, problems);
      } else if (additional != null && additional.getSchema() != null) {
        check(additional.getSchema(), entry.getValue(), prefix + key, problems);
      } else if (!preserveUnknown
          && !(additional != null && Boolean.TRUE.equals(additional.getAllows()))) {
        problems.add(prefix + key + ": unknown field");
      }
    }
    if (schema.getRequired() != null) {
      schema.getRequired().stream()
          .filter(r -> !map.containsKey(r))
          .forEach(r -> problems.add(prefix + r + ": required"));
    }
  }

  private static boolean hasType(String type, Object value) {
    return switch (type) {
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> isInteger(value);
      case "number" -> value instanceof Number;
      default -> true;
    };
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof java.math.BigInteger;
  }

  private static String describe(Object value) {
    return value.getClass().getSimpleName() + " " + value;
  }
}
