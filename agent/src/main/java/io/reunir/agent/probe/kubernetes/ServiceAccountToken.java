package io.reunir.agent.probe.kubernetes;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.reunir.agent.probe.HostRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The service-account token for Fabric8, read from its file at every request, so the kubelet's
 * rotation needs nothing more. Fabric8's own in-cluster token is not used: it re-reads the file only
 * every minute and after a 401, untrimmed, and the JDK's refusal of a bad header value quotes the
 * value. A token that could not go into a header is refused here, naming the file, never its content.
 */
final class ServiceAccountToken implements OAuthTokenProvider {
  /** Why the token could not be read; the message names the file only. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /** Projected service-account tokens are about 1 KiB; a bound keeps a bad file from the heap. */
  private static final int MAX_BYTES = 64 << 10;

  private final Path file;

  ServiceAccountToken(Path file) {
    this.file = file;
  }

  @Override
  public String getToken() {
    String token;
    try (InputStream in = HostRoot.openRegular(file)) {
      token = new String(in.readNBytes(MAX_BYTES + 1), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw problem("does not exist");
    } catch (IOException | RuntimeException e) {
      throw problem("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (token.isEmpty()) {
      throw problem("is empty");
    }
    if (token.length() > MAX_BYTES) {
      throw problem("is larger than " + MAX_BYTES + " bytes");
    }
    // A bearer token is printable ASCII without spaces (RFC 6750's b64token).
    if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw problem("holds a character a bearer token cannot have (a space, a second line, a"
          + " control or non-ASCII character)");
    }
    return token;
  }

  private Unreadable problem(String why) {
    return new Unreadable("service-account token " + file + " " + why);
  }
}
