package faultline.herddb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import herddb.cluster.ZookeeperMetadataStorageManager;
import herddb.model.TableSpace;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * faultline's JDBC bridge: one JVM on the controller serving every client worker of a run.
 * Requests and answers are JSON lines, one object per line, on stdin / stdout (everything else
 * the JVM prints goes to stderr). Every request has an {@code id} its answer repeats.
 *
 * <ul>
 * <li>{@code {"id":1,"cmd":"exec","conn":"w3","url":"jdbc:herddb:zookeeper:...","props":{...},
 *     "timeoutMs":5000,"tx":true,"stmts":[{"sql":"...","params":[1,2],"query":false,"expect":1}]}}
 *     runs the statements in order on connection {@code conn} (opened at first use from a data
 *     source per url + props). With {@code tx} they run in one transaction, committed at the end
 *     ({@code "isolation":"repeatable-read"} keeps read locks to the end; otherwise HerdDB's
 *     default, read committed);
 *     an update whose count is below its {@code expect} rolls it back and the answer says
 *     {@code "aborted": <index>}. Answer: {@code {"id":1,"ok":true,"results":[{"rows":[[..]]},
 *     {"count":1}]}} or {@code {"id":1,"ok":false,"stage":"connect|execute|commit|timeout",
 *     "error":"<exception chain>"}}.</li>
 * <li>{@code {"id":2,"cmd":"metadata","conn":"meta","zk":"ip:2181,...","path":"/herd","tablespace":"herd",
 *     "timeoutMs":900}} reads the tablespace's record from HerdDB's metadata in ZooKeeper (what
 *     {@code systablespaces} lists) without a HerdDB server: one row {@code [leader, replicas]}.</li>
 * <li>{@code {"id":3,"cmd":"close","conn":"w3"}} closes a connection.</li>
 * </ul>
 *
 * Each connection has a client connection of its own that keeps a transaction on the server that
 * began it ({@link PinnedRoutes}; props {@code "faultline.pin":"false"} turn that off), and every
 * statement, commit, rollback and close is traced on stderr ({@link TxTrace}).
 *
 * Each connection runs its requests one at a time on its own thread. A request that does not
 * finish within its {@code timeoutMs} is answered with stage {@code timeout} at once, and its
 * connection is abandoned (closed in the background). Closing stdin ends the bridge.
 */
public final class Bridge {
    private final PrintStream out;
    private final Map<String, PinningDataSource> sources = new ConcurrentHashMap<>();
    private final Map<String, Conn> conns = new ConcurrentHashMap<>();
    private final Map<String, ZookeeperMetadataStorageManager> metadataManagers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bridge-timer"));
    private final ExecutorService closer = Executors.newCachedThreadPool(r -> daemon(r, "bridge-closer"));

    private Bridge(PrintStream out) {
        this.out = out;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One client connection: its JDBC connection (opened lazily) and its worker thread. */
    private final class Conn {
        final String name;
        final ExecutorService worker;
        volatile Connection jdbc;
        volatile boolean abandoned;

        Conn(String name) {
            this.name = name;
            this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "bridge-conn-" + name));
        }

        /**
         * Forgets this connection: later requests with its name get a fresh one. Its JDBC
         * connection is closed on its own worker thread, after the request running there (if
         * any) has finished: closing it from another thread while that request still runs made
         * the driver send the open transaction's rollback twice at once (HerdDB's
         * HerdDBConnection is not thread-safe), and the server then wrote two ROLLBACK entries
         * for one transaction into its log, which stops every follower replaying it
         * ("invalid transaction id"; see ../findings/double-rollback.md).
         */
        void abandon() {
            abandoned = true;
            conns.remove(name, this);
            try {
                worker.execute(() -> {
                    Connection c = jdbc;
                    jdbc = null;
                    if (c != null) {
                        long before = TxTrace.txId(c);
                        PinnedRoutes routes = PinnedRoutes.of(c);
                        if (routes != null) {
                            routes.startRequest();
                        }
                        try {
                            c.close();
                            TxTrace.log(name, -1, "close", before, TxTrace.txId(c), c, "ok");
                        } catch (Throwable t) {
                            TxTrace.log(name, -1, "close", before, TxTrace.txId(c), c, "error " + describe(t));
                        }
                        if (routes != null) {
                            routes.close();
                        }
                    }
                });
            } catch (RuntimeException alreadyShutDown) {
                // a second abandon: the first one queued the close
            }
            worker.shutdown();
        }
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        TxTrace.install();
        Bridge bridge = new Bridge(protocol);
        bridge.send(obj("ready", new JsonPrimitive(true)));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                bridge.handle(JsonParser.parseString(line).getAsJsonObject());
            } catch (RuntimeException e) {
                System.err.println("faultline bridge: bad request " + line + ": " + e);
            }
        }
        bridge.shutdown();
        System.exit(0);
    }

    private static JsonObject obj(String key, JsonElement value) {
        JsonObject o = new JsonObject();
        o.add(key, value);
        return o;
    }

    private void send(JsonObject answer) {
        String text = answer.toString();
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private void handle(JsonObject req) {
        long id = req.get("id").getAsLong();
        String cmd = req.get("cmd").getAsString();
        String connName = req.get("conn").getAsString();
        if (cmd.equals("close")) {
            Conn c = conns.remove(connName);
            if (c != null) {
                c.abandon();
            }
            JsonObject a = obj("id", new JsonPrimitive(id));
            a.addProperty("ok", true);
            send(a);
            return;
        }
        if (!cmd.equals("exec") && !cmd.equals("metadata")) {
            send(failure(id, "request", "unknown cmd " + cmd));
            return;
        }
        Conn conn = conns.computeIfAbsent(connName, Conn::new);
        long timeoutMs = req.has("timeoutMs") ? req.get("timeoutMs").getAsLong() : 5000;
        Progress progress = new Progress();
        timer.schedule(() -> {
            String reached = progress.cancel();
            if (reached != null) {
                conn.abandon();
                JsonObject a = failure(id, "timeout", "no answer within " + timeoutMs + " ms");
                a.addProperty("reached", reached);
                send(a);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        try {
            conn.worker.submit(() -> {
                JsonObject answer = run(conn, req, id, progress);
                if (progress.finish()) {
                    send(answer);
                }
            });
        } catch (RuntimeException rejected) {
            if (progress.finish()) {
                send(failure(id, "connect", "connection " + connName + " was abandoned"));
            }
        }
    }

    /**
     * How far a request got: {@code connect}, {@code execute}, then {@code commit}; a time-out
     * cancels it, and a cancelled transaction never reaches its commit (so a time-out before
     * the commit means "not applied").
     */
    private static final class Progress {
        private String stage = "connect";
        private boolean cancelled;
        private boolean answered;

        /** Moves to {@code next}; false when the request was cancelled meanwhile. */
        synchronized boolean advance(String next) {
            if (cancelled) {
                return false;
            }
            stage = next;
            return true;
        }

        /** Cancels the request unless it was answered; returns the stage it had reached, or null. */
        synchronized String cancel() {
            if (answered) {
                return null;
            }
            answered = true;
            cancelled = true;
            return stage;
        }

        /** Marks the request answered; false when a time-out answered it already. */
        synchronized boolean finish() {
            if (answered) {
                return false;
            }
            answered = true;
            return true;
        }
    }

    /** Opens a JDBC connection of {@code ds}: a pinned one ({@link PinnedRoutes}) unless the request's props say {@code faultline.pin=false}. */
    private static Connection open(PinningDataSource ds, JsonObject props) throws SQLException {
        boolean pin = props == null || !props.has(PIN_PROP) || props.get(PIN_PROP).getAsBoolean();
        return pin ? PinnedRoutes.open(ds) : ds.getConnection();
    }

    /** The request property that turns transaction pinning off (for reproducing HerdDB's id reuse); never passed to the driver. */
    private static final String PIN_PROP = "faultline.pin";

    private PinningDataSource source(String url, JsonObject props) {
        Map<String, String> sorted = new TreeMap<>();
        if (props != null) {
            for (Map.Entry<String, JsonElement> e : props.entrySet()) {
                if (e.getKey().equals(PIN_PROP)) {
                    continue;
                }
                sorted.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return sources.computeIfAbsent(url + " " + sorted, k -> {
            Properties p = new Properties();
            p.putAll(sorted);
            PinningDataSource ds = new PinningDataSource(p);
            ds.setUrl(url);
            return ds;
        });
    }

    private JsonObject run(Conn conn, JsonObject req, long id, Progress progress) {
        if (req.get("cmd").getAsString().equals("metadata")) {
            return metadata(req, id, progress);
        }
        Connection c = conn.jdbc;
        if (c == null) {
            try {
                JsonObject props = req.has("props") ? req.getAsJsonObject("props") : null;
                c = open(source(req.get("url").getAsString(), props), props);
                conn.jdbc = c;
                TxTrace.log(conn.name, id, "open", TxTrace.txId(c), TxTrace.txId(c), c, "ok");
            } catch (Throwable t) {
                return failure(id, "connect", describe(t));
            }
        }
        boolean tx = req.has("tx") && req.get("tx").getAsBoolean();
        JsonArray stmts = req.getAsJsonArray("stmts");
        JsonArray results = new JsonArray();
        String stage = "execute";
        if (!progress.advance(stage)) {
            return failure(id, "timeout", "cancelled");
        }
        try {
            c.setAutoCommit(!tx);
            boolean repeatable = req.has("isolation") && req.get("isolation").getAsString().equals("repeatable-read");
            c.setTransactionIsolation(repeatable ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_READ_COMMITTED);
            for (int i = 0; i < stmts.size(); i++) {
                JsonObject s = stmts.get(i).getAsJsonObject();
                PinnedRoutes routes = PinnedRoutes.of(c);
                if (routes != null) {
                    routes.startRequest();
                }
                long before = TxTrace.txId(c);
                String what = "stmt" + i + " " + s.get("sql").getAsString() + " " + (s.has("params") ? s.get("params") : "[]");
                JsonObject r;
                try {
                    r = execute(c, s);
                } catch (Throwable t) {
                    TxTrace.log(conn.name, id, what, before, TxTrace.txId(c), c, "error " + describe(t));
                    throw t;
                }
                if (routes != null && tx && TxTrace.txId(c) > 0) {
                    routes.pin();
                }
                TxTrace.log(conn.name, id, what, before, TxTrace.txId(c), c, r.has("count") ? "count=" + r.get("count") : "rows=" + r.getAsJsonArray("rows").size());
                results.add(r);
                if (tx && s.has("expect") && r.has("count") && r.get("count").getAsLong() < s.get("expect").getAsLong()) {
                    tracedEnd(conn, id, c, false);
                    JsonObject a = success(id, results);
                    a.addProperty("aborted", i);
                    return a;
                }
            }
            if (tx) {
                if (!progress.advance("commit")) {
                    throw new IllegalStateException("timed out before the commit; not committed");
                }
                stage = "commit";
                tracedEnd(conn, id, c, true);
            }
            return success(id, results);
        } catch (Throwable t) {
            JsonObject a = failure(id, stage, describe(t));
            a.addProperty("statement", results.size());
            if (tx && stage.equals("execute")) {
                try {
                    tracedEnd(conn, id, c, false);
                } catch (Throwable ignored) {
                    // the connection is dropped below anyway
                }
            }
            if (!conn.abandoned) {
                conn.abandon();
            }
            return a;
        }
    }

    /** Commits ({@code commit}) or rolls back {@code c}'s transaction, with a trace line either way. */
    private static void tracedEnd(Conn conn, long id, Connection c, boolean commit) throws SQLException {
        long before = TxTrace.txId(c);
        String what = commit ? "commit" : "rollback";
        PinnedRoutes routes = PinnedRoutes.of(c);
        if (routes != null) {
            routes.startRequest();
        }
        try {
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            TxTrace.log(conn.name, id, what, before, TxTrace.txId(c), c, "error " + describe(e));
            throw e;
        } finally {
            if (routes != null) {
                routes.unpin();
            }
        }
        TxTrace.log(conn.name, id, what, before, TxTrace.txId(c), c, "ok");
    }

    /**
     * The tablespace's record in HerdDB's metadata in ZooKeeper — what {@code systablespaces}
     * lists — read without going through any HerdDB server: one row {@code [leader, replicas]}.
     */
    private JsonObject metadata(JsonObject req, long id, Progress progress) {
        String key = req.get("zk").getAsString() + " " + req.get("path").getAsString();
        if (!progress.advance("execute")) {
            return failure(id, "timeout", "cancelled");
        }
        try {
            ZookeeperMetadataStorageManager m = metadataManagers.get(key);
            if (m == null) {
                m = new ZookeeperMetadataStorageManager(req.get("zk").getAsString(), 10_000, req.get("path").getAsString());
                m.start(false);
                metadataManagers.put(key, m);
            }
            TableSpace ts = m.describeTableSpace(req.get("tablespace").getAsString());
            JsonArray row = new JsonArray();
            if (ts == null) {
                row.add(JsonNull.INSTANCE);
                row.add(JsonNull.INSTANCE);
            } else {
                row.add(ts.leaderId);
                row.add(String.join(",", new java.util.TreeSet<>(ts.replicas)));
            }
            JsonArray rows = new JsonArray();
            rows.add(row);
            JsonObject r = new JsonObject();
            r.add("rows", rows);
            JsonArray results = new JsonArray();
            results.add(r);
            return success(id, results);
        } catch (Throwable t) {
            ZookeeperMetadataStorageManager m = metadataManagers.remove(key);
            if (m != null) {
                closer.submit(() -> {
                    try {
                        m.close();
                    } catch (Throwable ignored) {
                        // dropped anyway
                    }
                });
            }
            return failure(id, "execute", describe(t));
        }
    }

    private static JsonObject execute(Connection c, JsonObject s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(s.get("sql").getAsString())) {
            JsonArray params = s.has("params") ? s.getAsJsonArray("params") : new JsonArray();
            for (int i = 0; i < params.size(); i++) {
                JsonElement p = params.get(i);
                if (p.isJsonNull()) {
                    ps.setObject(i + 1, null);
                } else if (p.getAsJsonPrimitive().isNumber()) {
                    double d = p.getAsDouble();
                    if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                        ps.setLong(i + 1, p.getAsLong());
                    } else {
                        ps.setDouble(i + 1, d);
                    }
                } else if (p.getAsJsonPrimitive().isBoolean()) {
                    ps.setBoolean(i + 1, p.getAsBoolean());
                } else {
                    ps.setString(i + 1, p.getAsString());
                }
            }
            JsonObject r = new JsonObject();
            if (s.has("query") && s.get("query").getAsBoolean()) {
                JsonArray rows = new JsonArray();
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = md.getColumnCount();
                    while (rs.next()) {
                        JsonArray row = new JsonArray();
                        for (int i = 1; i <= n; i++) {
                            Object v = rs.getObject(i);
                            if (v == null) {
                                row.add(JsonNull.INSTANCE);
                            } else if (v instanceof Number) {
                                row.add((Number) v);
                            } else if (v instanceof Boolean) {
                                row.add((Boolean) v);
                            } else {
                                row.add(v.toString());
                            }
                        }
                        rows.add(row);
                    }
                }
                r.add("rows", rows);
            } else {
                r.addProperty("count", ps.executeUpdate());
            }
            return r;
        }
    }

    /** The exception chain as one line: {@code Class: message <- Cause: message ...}. */
    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null && b.length() < 2000; x = x.getCause() == x ? null : x.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            String m = String.valueOf(x.getMessage());
            int stack = m.indexOf("\tat ");
            if (stack >= 0) {
                m = m.substring(0, stack);
            }
            b.append(x.getClass().getName()).append(": ").append(m.replace('\n', ' ').trim());
        }
        return b.toString();
    }

    private static JsonObject success(long id, JsonArray results) {
        JsonObject a = obj("id", new JsonPrimitive(id));
        a.addProperty("ok", true);
        a.add("results", results);
        return a;
    }

    private static JsonObject failure(long id, String stage, String error) {
        JsonObject a = obj("id", new JsonPrimitive(id));
        a.addProperty("ok", false);
        a.addProperty("stage", stage);
        a.addProperty("error", error);
        return a;
    }

    private void shutdown() {
        for (Conn c : conns.values()) {
            c.abandon();
        }
        for (ZookeeperMetadataStorageManager m : metadataManagers.values()) {
            try {
                m.close();
            } catch (Throwable ignored) {
                // exiting
            }
        }
        for (PinningDataSource ds : sources.values()) {
            try {
                ds.close();
            } catch (Throwable ignored) {
                // exiting
            }
        }
    }
}
