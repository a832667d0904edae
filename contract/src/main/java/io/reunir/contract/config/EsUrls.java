package io.reunir.contract.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The base URLs of Elasticsearch the agent accepts: http or https, a host, a port in range, at most a
 * path prefix (a proxy's) and nothing the request paths appended to it would run into (query,
 * fragment, dot segments). Credentials in a URL are refused: a URL is printed in errors and logs,
 * while the secret files are not.
 */
public final class EsUrls {
  private EsUrls() {}

  /** The URL without a trailing slash; the exception's message never holds the URL's userinfo. */
  public static URI parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("null is not a URL");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // getMessage() would quote the input, userinfo and all.
      throw new IllegalArgumentException("'" + redact(url) + "' is not a URL (" + e.getReason()
          + " at index " + e.getIndex() + ")");
    }
    String shown = "'" + redact(url) + "'";
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(shown + " does not start with http:// or https://");
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
      throw new IllegalArgumentException(shown + " holds credentials; a URL shows in logs and errors,"
          + " so credentials belong in elasticsearch.apiKeyFile or usernameFile and passwordFile");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(shown + " has no valid host name");
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      throw new IllegalArgumentException(shown + ": port " + uri.getPort() + " is not between 1 and 65535");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(shown + " has a query or fragment; a base URL takes at most a"
          + " path prefix");
    }
    String path = uri.getRawPath();
    if (!path.isEmpty() && (path.contains("//") || !uri.normalize().getRawPath().equals(path))) {
      throw new IllegalArgumentException(shown + ": the path has empty or dot segments");
    }
    return path.endsWith("/") ? URI.create(url.substring(0, url.length() - 1)) : uri;
  }

  /** The URL with everything before its last {@code @} (the userinfo, whatever it holds) masked. */
  public static String redact(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    String prefix = scheme >= 0 && scheme < at ? url.substring(0, scheme + 3) : "";
    return prefix + "***" + url.substring(at);
  }
}
