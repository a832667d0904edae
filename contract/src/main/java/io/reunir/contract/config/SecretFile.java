package io.reunir.contract.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one credential file of the config. Every message names the setting and the file, never any
 * of its content: an HTTP client that refuses a header value quotes the value, so a value that could
 * not go into a header is refused here, before it gets there.
 */
public enum SecretFile {
  API_KEY("elasticsearch.apiKeyFile"),
  USERNAME("elasticsearch.usernameFile"),
  PASSWORD("elasticsearch.passwordFile");

  private final String setting;

  SecretFile(String setting) {
    this.setting = setting;
  }

  /** The file's text without surrounding whitespace: a trailing newline is how files end. */
  public String read(String file) throws IOException {
    String value;
    try {
      value = Files.readString(Path.of(file)).strip();
    } catch (NoSuchFileException e) {
      throw problem(file, "does not exist");
    } catch (CharacterCodingException e) {
      throw problem(file, "is not UTF-8 text");
    } catch (IOException | RuntimeException e) {
      throw problem(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (value.isEmpty()) {
      throw problem(file, "is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        throw problem(file, "holds more than one line; only a trailing newline is allowed");
      }
      if (Character.isISOControl(c)) {
        throw problem(file, "holds a control character");
      }
      if (this == API_KEY && (c == ' ' || c > '~')) {
        throw problem(file, "holds a space or a non-ASCII character, which the encoded API key that"
            + " Elasticsearch returns never has");
      }
      if (this == USERNAME && c == ':') {
        throw problem(file, "holds a ':', which basic authentication cannot carry in a user name");
      }
    }
    return value;
  }

  private IOException problem(String file, String why) {
    return new IOException(setting + ": file " + file + " " + why);
  }
}
