import herddb.jdbc.HerdDBDataSource;
import herddb.server.Server;
import herddb.server.ServerConfiguration;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Standalone reproduction of a HerdDB 0.29.0 transfer half applied across a server change (see
 * ../bank-failover.md), without a cluster: one in-process standalone server (file commit log in
 * a temporary folder, 127.0.0.1, a fixed port) standing in for "the leader", and the official
 * JDBC driver as client, with its default retry on. The server is stopped and started again on
 * the same folder and port — for the transaction numbering this is what a leader change does:
 * the server that then leads hands out transaction ids from 1 again.
 *
 * <ol>
 * <li>A: a transfer 5 → 7 of 3 in one JDBC transaction; its debit runs (transaction id 1).</li>
 * <li>The server stops ("the leader dies"). A sends its credit; the driver cannot connect and
 *     retries, re-sending the request with A's transaction id 1.</li>
 * <li>The server starts again. Recovery rolls back the open transaction 1 (A's debit is gone);
 *     the new server numbers transactions from 1 again.</li>
 * <li>B: a transfer 2 → 4 of 4; its debit begins a transaction, numbered 1.</li>
 * <li>A's re-sent credit arrives with id 1 and runs inside B's transaction; A commits: the
 *     COMMIT of "1" commits B's debit and A's credit. A is told its transfer committed.</li>
 * <li>B's credit fails ("no such transaction"); B is told its transfer failed.</li>
 * </ol>
 * Result: A's debit lost, A's credit and B's debit kept — accounts sum 399, not 400, and both
 * clients were told something the data contradicts.
 *
 * Run: java -cp "$HOME/.cache/faultline/jars/herddb-<hash>/*" TxIdReuse.java
 */
public final class TxIdReuse {
    private static final int[] ACCOUNTS = {2, 4, 5, 7};

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("herddb-txid-reuse");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server server = start(dir, port);
        Properties p = new Properties();
        p.setProperty("client.max.operation.retry.count", "20");
        p.setProperty("client.operation.retry.delay", "500");
        HerdDBDataSource ds = new HerdDBDataSource();
        ds.setUrl("jdbc:herddb:server:127.0.0.1:" + port);
        ds.getProperties().putAll(p);
        try (Connection c = ds.getConnection()) {
            c.createStatement().executeUpdate("CREATE TABLE acct (id int primary key, balance int)");
            for (int id : ACCOUNTS) {
                c.createStatement().executeUpdate("INSERT INTO acct(id,balance) VALUES(" + id + ",100)");
            }
        }
        say("balances " + balances(ds) + ", sum 400");

        Connection a = ds.getConnection();
        a.setAutoCommit(false);
        update(a, -3, 5);
        say("A: debit 5 by 3 ran; A's JDBC connection: " + a);

        server.close();
        say("server stopped (the leader dies); A sends its credit, the driver retries it");
        CompletableFuture<String> credit = CompletableFuture.supplyAsync(() -> {
            try {
                return "count " + update(a, +3, 7);
            } catch (SQLException e) {
                return "failed: " + firstLine(e);
            }
        });
        Thread.sleep(1_000);
        server = start(dir, port);
        say("server started again on the same folder (the new leader)");

        Connection b = ds.getConnection();
        b.setAutoCommit(false);
        update(b, -4, 2);
        say("B: debit 2 by 4 ran; B's JDBC connection: " + b);

        say("A: credit 7 by 3 (re-sent by the driver): " + credit.get(60, TimeUnit.SECONDS) + "; A's connection: " + a);
        say("A: commit: " + outcome(() -> {
            a.commit();
            return null;
        }));
        say("B: credit 4 by 4: " + outcome(() -> update(b, +4, 4)));
        say("B: rollback: " + outcome(() -> {
            b.rollback();
            return null;
        }));

        Map<Integer, Integer> after = balances(ds);
        int sum = after.values().stream().mapToInt(Integer::intValue).sum();
        say("balances " + after + ", sum " + sum
                + (sum == 400 ? " (no anomaly this time)" : ": A was told its transfer committed, B that its failed; neither is what the data says"));
        a.close();
        b.close();
        ds.close();
        server.close();
        System.exit(sum == 400 ? 1 : 0);
    }

    private static Server start(Path dir, int port) throws Exception {
        ServerConfiguration config = new ServerConfiguration(dir);
        config.set(ServerConfiguration.PROPERTY_MODE, ServerConfiguration.PROPERTY_MODE_STANDALONE);
        config.set(ServerConfiguration.PROPERTY_HOST, "127.0.0.1");
        config.set(ServerConfiguration.PROPERTY_PORT, port);
        Server server = new Server(config);
        server.start();
        server.waitForStandaloneBoot();
        return server;
    }

    private static int update(Connection c, int delta, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE acct SET balance=balance+? WHERE id=?")) {
            ps.setInt(1, delta);
            ps.setInt(2, id);
            return ps.executeUpdate();
        }
    }

    private interface Step {
        Object run() throws SQLException;
    }

    private static String outcome(Step step) {
        try {
            Object r = step.run();
            return r == null ? "ok" : "ok, count " + r;
        } catch (SQLException e) {
            return "failed: " + firstLine(e);
        }
    }

    private static Map<Integer, Integer> balances(HerdDBDataSource ds) throws SQLException {
        Map<Integer, Integer> m = new TreeMap<>();
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT id, balance FROM acct")) {
            while (rs.next()) {
                m.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return m;
    }

    private static String firstLine(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = e; x != null && b.length() < 400; x = x.getCause() == x ? null : x.getCause()) {
            b.append(b.length() > 0 ? " <- " : "").append(x.getClass().getSimpleName()).append(": ").append(String.valueOf(x.getMessage()).split("\n")[0]);
        }
        return b.toString();
    }

    private static void say(String what) {
        System.out.println(String.format("%tT.%<tL ", System.currentTimeMillis()) + what);
    }
}
