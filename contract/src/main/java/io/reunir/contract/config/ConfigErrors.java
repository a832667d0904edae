package io.reunir.contract.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.reunir.contract.config.AgentConfig.InvalidConfigException;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Jackson refuses into one line that starts with the field, e.g. {@code probes: expected a
 * list of strings, got a string}. Jackson's own messages name Java classes and quote the offending
 * token, which could be anything a person pasted; only the shape of the input is reported here.
 */
final class ConfigErrors {
  static final String TOP = "top level";
  /** How Jackson names the input it could not bind, in its messages. */
  private static final Pattern SHAPE =
      Pattern.compile("\\b(Integer|Float|Boolean|Array|Object|String|Null) value");

  private ConfigErrors() {}

  static InvalidConfigException of(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return new InvalidConfigException(field(u) + ": unknown key '" + u.getPropertyName()
          + "' (known: " + u.getKnownPropertyIds() + ")");
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Duplicate field")) {
      return new InvalidConfigException(contextPath(e) + ": the key appears more than once");
    }
    if (message.startsWith("No content to map")) {
      return new InvalidConfigException(TOP + ": the file is empty; expected a JSON object");
    }
    // Jackson reports a token after the object as trailing, and anything else there as bad syntax.
    if (message.startsWith("Trailing token") || e.getProcessor() instanceof JsonParser p
        && p.getParsingContext().inRoot() && p.getParsingContext().getEntryCount() > 1) {
      return new InvalidConfigException(TOP + ": text after the JSON object, at " + where(e));
    }
    if (e instanceof MismatchedInputException m && !(e.getCause() instanceof JacksonException)) {
      Matcher shape = SHAPE.matcher(message);
      return new InvalidConfigException(field(m) + ": expected " + expected(m.getTargetType())
          + (shape.find() ? ", got " + got(shape.group(1)) : ""));
    }
    // A syntax error: the location says more than the field. Jackson quotes a bad token whole.
    String reason = message.startsWith("Unrecognized token") ? "a value that is not JSON (text needs"
        + " double quotes)" : message.lines().findFirst().orElse("").replaceAll("\\(start marker at .*", "");
    return new InvalidConfigException(where(e) + ": not valid JSON: " + reason.strip());
  }

  private static String field(JsonMappingException e) {
    var out = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.isEmpty() ? TOP : out.toString();
  }

  /** The parser's position as a field path, for errors raised while parsing, before binding. */
  private static String contextPath(JacksonException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return where(e);
    }
    var out = new StringBuilder();
    for (String segment : parser.getParsingContext().pathAsPointer().toString().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      out.append(segment.matches("[0-9]+") ? "[" + segment + "]" : (out.isEmpty() ? "" : ".")
          + segment.replace("~1", "/").replace("~0", "~"));
    }
    return out.isEmpty() ? TOP : out.toString();
  }

  private static String where(JacksonException e) {
    JsonLocation at = e.getLocation();
    return at == null ? TOP : "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list of strings";
    }
    return "an object";
  }

  private static String got(String shape) {
    return switch (shape) {
      case "Integer", "Float" -> "a number";
      case "Boolean" -> "true or false";
      case "Array" -> "a list";
      case "Object" -> "an object";
      case "String" -> "a string";
      default -> "null";
    };
  }
}
