package faultline.bookkeeper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * faultline's BookKeeper bridge: JSON lines over stdio, one JVM for every client worker of a
 * run. Each request {@code {"id", "cmd", ...}} runs on its own thread; each answer is one line
 * {@code {"id", "ok": true, "result"}} or {@code {"id", "ok": false, "certain", "error",
 * "result"?}} ({@code certain}: the op certainly had no effect; {@code result}: what a poll
 * read before failing). Commands: open {conn, zk, ensemble, writeQuorum, ackQuorum,
 * timeoutMs}; send {conn, key, value} → {offset}; fence {conn, key} → {ledger, ledgerId,
 * last}; poll {conn, keys, max} → {records}; close {conn}. Logging goes to stderr.
 */
public final class Bridge {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Conn> CONNS = new ConcurrentHashMap<>();
  private static PrintStream out;

  private Bridge() {}

  public static void main(String[] args) throws Exception {
    out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bridge-op");
      t.setDaemon(true);
      return t;
    });
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    answer(JSON.createObjectNode().put("ready", true));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      JsonNode req = JSON.readTree(line);
      pool.execute(() -> handle(req));
    }
    for (Conn c : CONNS.values()) c.close();
    System.exit(0);
  }

  private static void handle(JsonNode req) {
    ObjectNode res = JSON.createObjectNode();
    res.set("id", req.get("id"));
    try {
      Object result = run(req);
      res.put("ok", true);
      res.set("result", JSON.valueToTree(result));
    } catch (Conn.OpError e) {
      res.put("ok", false).put("certain", e.certain).put("error", e.getMessage());
      if (e.partial != null) res.set("result", JSON.valueToTree(Map.of("records", e.partial)));
    } catch (Throwable e) {
      res.put("ok", false).put("certain", false).put("error", String.valueOf(e));
    }
    answer(res);
  }

  private static Object run(JsonNode req) throws Exception {
    String cmd = req.path("cmd").asText();
    String id = req.path("conn").asText();
    switch (cmd) {
      case "open": {
        Conn c = new Conn(req.path("zk").asText(), req.path("ensemble").asInt(3), req.path("writeQuorum").asInt(3),
            req.path("ackQuorum").asInt(2), req.path("timeoutMs").asInt(5000));
        Conn old = CONNS.put(id, c);
        if (old != null) old.close();
        return Map.of();
      }
      case "close": {
        Conn c = CONNS.remove(id);
        if (c != null) c.close();
        return Map.of();
      }
      case "send":
        return Map.of("offset", conn(id).send(req.path("key").asText(), req.path("value").asLong()));
      case "fence":
        return conn(id).fence(req.path("key").asText());
      case "poll": {
        List<String> keys = new ArrayList<>();
        req.path("keys").forEach(k -> keys.add(k.asText()));
        return Map.of("records", conn(id).poll(keys, req.path("max").asInt(100)));
      }
      default:
        throw new Conn.OpError("unknown command " + cmd, true, null, null);
    }
  }

  private static Conn conn(String id) throws Conn.OpError {
    Conn c = CONNS.get(id);
    if (c == null) throw new Conn.OpError("no open connection " + id, true, null, null);
    return c;
  }

  private static void answer(ObjectNode res) {
    String text;
    try {
      text = JSON.writeValueAsString(res);
    } catch (Exception e) {
      text = "{\"ok\":false,\"certain\":false,\"error\":\"cannot encode answer\"}";
    }
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}
