package io.reunir.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback proxy in front of the real Elasticsearch that misbehaves on demand: refuses connections
 * (nothing listens), hangs (reads the request, never answers), resets connections, answers 403 to
 * template and index creation, and rewrites chosen items of a bulk response to another status. It
 * records the ids of every bulk request so tests can see what was sent and resent.
 */
final class FaultProxy implements AutoCloseable {
  enum Mode { PASS, REFUSE, HANG, RESET, FORBID_SETUP }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI target;
  private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> rewrites = new ConcurrentHashMap<>();
  private final List<List<String>> bulks = new CopyOnWriteArrayList<>();
  private final List<byte[]> bulkBodies = new CopyOnWriteArrayList<>();
  private final List<String> bulkResponses = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.PASS;
  private volatile int bulkBudget = Integer.MAX_VALUE;
  private volatile int maxBulkBytes = Integer.MAX_VALUE;
  private final Map<String, Integer> unavailableBulks = new ConcurrentHashMap<>();
  private volatile ServerSocket server;

  FaultProxy(URI target) throws IOException {
    this.target = target;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    port = server.getLocalPort();
    startAccepting(server);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Switches behaviour; REFUSE closes the listener and every open connection. */
  synchronized void mode(Mode next) throws IOException {
    if (next == Mode.REFUSE || mode == Mode.REFUSE) {
      dropConnections();
    }
    if (next == Mode.REFUSE) {
      server.close();
    } else if (mode == Mode.REFUSE) {
      var reopened = new ServerSocket();
      reopened.setReuseAddress(true);
      reopened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = reopened;
      startAccepting(reopened);
    }
    mode = next;
  }

  /** Lets this many more bulk requests through, then resets every connection ("Elasticsearch died"). */
  void allowBulks(int count) {
    bulkBudget = bulks.size() + count;
  }

  /** Answers 413 to bulk bodies longer than this, as http.max_content_length does. */
  void maxBulkBytes(int bytes) {
    maxBulkBytes = bytes;
  }

  /**
   * The next {@code times} bulk requests that write to this index are answered 503 as a whole, without
   * reaching Elasticsearch (a shard of that index unavailable, say).
   */
  void unavailableForIndex(String index, int times) {
    unavailableBulks.put("\"_index\":\"" + index + "\"", times);
  }

  /** The next bulk response answers this status for the item with this id, once. */
  void rewriteItemOnce(String id, int status) {
    rewrites.put(id, status);
  }

  /** Every request received, as {@code METHOD path}, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** The body of each bulk request passed on, as received. */
  List<byte[]> bulkBodies() {
    return List.copyOf(bulkBodies);
  }

  /** Elasticsearch's answer to each bulk request passed on, as it sent it. */
  List<String> bulkResponses() {
    return List.copyOf(bulkResponses);
  }

  /** The ids of each bulk request received, in order. */
  List<List<String>> bulks() {
    return List.copyOf(bulks);
  }

  private void startAccepting(ServerSocket listener) {
    daemon(() -> {
      while (!listener.isClosed()) {
        try {
          Socket socket = listener.accept();
          open.add(socket);
          daemon(() -> serve(socket));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "fault-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        var request = Request.read(in);
        if (request == null) {
          return;
        }
        requests.add(request.method + " " + request.path);
        if (mode == Mode.HANG) {
          while (in.read() >= 0) {
            // Never answer; the client's timeout must end this.
          }
          return;
        }
        boolean bulk = request.path.startsWith("/_bulk");
        if (mode == Mode.RESET || (bulk && bulks.size() >= bulkBudget)) {
          socket.setSoLinger(true, 0);
          return;
        }
        if (mode == Mode.FORBID_SETUP && (request.path.startsWith("/_index_template")
            || (request.method.equals("PUT") && !request.path.contains("_doc")))) {
          write(out, 403, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"action is unauthorized\"},"
              + "\"status\":403}");
          continue;
        }
        if (bulk && request.body.length > maxBulkBytes) {
          write(out, 413, "");
          continue;
        }
        if (bulk && refuseAsUnavailable(request.body)) {
          write(out, 503, "{\"error\":{\"type\":\"unavailable_shards_exception\","
              + "\"reason\":\"injected by the test proxy\"},\"status\":503}");
          continue;
        }
        List<String> ids = bulk ? bulkIds(request.body) : List.of();
        if (bulk) {
          bulks.add(ids);
          bulkBodies.add(request.body);
        }
        var forwarded = upstream.send(HttpRequest.newBuilder(URI.create(target + request.path))
            .method(request.method, request.body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body))
            .header("Content-Type", request.contentType == null ? "application/json" : request.contentType)
            .header("Accept", request.accept == null ? "application/json" : request.accept)
            .build(), HttpResponse.BodyHandlers.ofString());
        String body = forwarded.body();
        if (bulk) {
          bulkResponses.add(body);
        }
        if (bulk && !rewrites.isEmpty()) {
          body = rewrite(body, ids);
        }
        write(out, forwarded.statusCode(), request.method.equals("HEAD") ? "" : body,
            forwarded.headers().firstValue("X-Elastic-Product").orElse(null));
      }
    } catch (IOException | InterruptedException e) {
      // The connection ends; that is all a proxy can do.
    } finally {
      open.remove(socket);
    }
  }

  private boolean refuseAsUnavailable(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    for (var entry : unavailableBulks.entrySet()) {
      if (entry.getValue() > 0 && text.contains(entry.getKey())) {
        entry.setValue(entry.getValue() - 1);
        return true;
      }
    }
    return false;
  }

  /** Items are matched to the request's ids by position: the agent filters the response down to status. */
  private String rewrite(String body, List<String> ids) throws IOException {
    ObjectNode response = (ObjectNode) JSON.readTree(body);
    JsonNode items = response.path("items");
    for (int i = 0; i < items.size() && i < ids.size(); i++) {
      ObjectNode result = (ObjectNode) items.get(i).elements().next();
      Integer status = rewrites.remove(ids.get(i));
      if (status != null) {
        response.put("errors", true);
        result.put("status", status);
        result.putObject("error").put("type", status == 429 ? "es_rejected_execution_exception"
            : "document_parsing_exception").put("reason", "injected by the test proxy");
      }
    }
    return response.toString();
  }

  private static List<String> bulkIds(byte[] body) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      JsonNode node = JSON.readTree(line);
      var fields = node.fieldNames();
      if (node.size() == 1 && fields.hasNext()) {
        String action = fields.next();
        if (Set.of("index", "create", "delete", "update").contains(action)
            && node.get(action).has("_index")) {
          ids.add(node.get(action).path("_id").asText());
        }
      }
    }
    return ids;
  }

  private static void write(OutputStream out, int status, String body) throws IOException {
    write(out, status, body, "Elasticsearch");
  }

  /** The product header passes through: the Elasticsearch Java client refuses a 200 without it. */
  private static void write(OutputStream out, int status, String body, String product) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
        + bytes.length + "\r\n" + (product == null ? "" : "X-Elastic-Product: " + product + "\r\n")
        + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private void dropConnections() {
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
  }

  /** Just enough HTTP/1.1 to read one request with a Content-Length or chunked body. */
  private record Request(String method, String path, String contentType, String accept, byte[] body) {
    static Request read(InputStream in) throws IOException {
      var head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      int length = 0;
      boolean chunked = false;
      String contentType = null;
      String accept = null;
      for (String line : lines) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("content-type:")) {
          contentType = line.substring(13).strip();
        } else if (lower.startsWith("accept:")) {
          accept = line.substring(7).strip();
        }
      }
      return new Request(requestLine[0], requestLine[1], contentType, accept,
          chunked ? readChunks(in) : in.readNBytes(length));
    }

    private static byte[] readChunks(InputStream in) throws IOException {
      var body = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        int semicolon = size.indexOf(';');
        int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
        if (length == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.writeBytes(in.readNBytes(length));
        readLine(in);
      }
    }

    private static String readLine(InputStream in) throws IOException {
      var line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          line.write(b);
        }
      }
      if (b < 0) {
        throw new IOException("the connection ended inside a chunked body");
      }
      return line.toString(StandardCharsets.US_ASCII);
    }
  }
}
