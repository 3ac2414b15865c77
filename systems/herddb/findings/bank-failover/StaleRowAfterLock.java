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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Standalone check of the lost update seen on new HerdDB 0.29.0 leaders (../bank-failover.md,
 * seed 14755569319449), without a cluster: one in-process standalone server on 127.0.0.1.
 *
 * Hypothesis (TableManager.accessTableData, 0.29.0): an UPDATE looks the row's page up in the
 * primary key index, *then* waits for the row's write lock, then reads the row from the page it
 * looked up before waiting. If the transaction it waited for committed a new version into another
 * page while the old page is immutable (loaded from disk: after a restart, a recovery — a new
 * leader — or a checkpoint), the old page still holds the old version and the update computes from
 * it: the other transaction's update is lost.
 *
 * Each round: A updates row k (+1) and holds it; B's update of k (+10) waits for A's lock; A
 * commits; B commits. Expected k = before + 11. Done with the table freshly loaded from disk
 * (server restarted: rows on immutable pages) and again right after (rows on in-memory pages).
 *
 * Run: java -cp "$HOME/.cache/faultline/jars/herddb-<hash>/*" StaleRowAfterLock.java
 */
public final class StaleRowAfterLock {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("herddb-stale-row");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server server = start(dir, port);
        HerdDBDataSource ds = new HerdDBDataSource();
        ds.setUrl("jdbc:herddb:server:127.0.0.1:" + port);
        try (Connection c = ds.getConnection()) {
            c.createStatement().executeUpdate("CREATE TABLE t (k int primary key, v int)");
            for (int k = 1; k <= 5; k++) {
                c.createStatement().executeUpdate("INSERT INTO t(k,v) VALUES(" + k + ",100)");
            }
        }
        say("5 rows inserted; stopping the server (it checkpoints to disk) and starting it again");
        ds.close();
        server.close();
        server = start(dir, port);
        say("server restarted on the same folder: the rows are read from disk pages");
        ds = new HerdDBDataSource();
        ds.setUrl("jdbc:herddb:server:127.0.0.1:" + port);
        int lost = 0;
        for (int k = 1; k <= 5; k++) {
            lost += round(ds, k, "after the restart") ? 1 : 0;
            lost += round(ds, k, "again, same row") ? 1 : 0;
        }
        say(lost + " lost updates in 10 rounds");
        ds.close();
        server.close();
        System.exit(lost > 0 ? 0 : 1);
    }

    /** One round on row k; true when B's update was computed from the value before A's. */
    private static boolean round(HerdDBDataSource ds, int k, String when) throws Exception {
        int before = value(ds, k);
        Connection a = ds.getConnection();
        Connection b = ds.getConnection();
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        add(a, k, 1);
        CompletableFuture<String> bDone = CompletableFuture.supplyAsync(() -> {
            try {
                add(b, k, 10);
                b.commit();
                return "ok";
            } catch (SQLException e) {
                return "failed: " + e.getMessage();
            }
        });
        Thread.sleep(300); // B is now waiting for A's write lock on k
        a.commit();
        String bOutcome = bDone.get(30, TimeUnit.SECONDS);
        int after = value(ds, k);
        a.close();
        b.close();
        boolean lostUpdate = after == before + 10;
        say("row " + k + " " + when + ": " + before + " -> " + after + " (A +1 committed, B +10 " + bOutcome + ")"
                + (lostUpdate ? ": A's update LOST" : after == before + 11 ? ": ok" : ": ?"));
        return lostUpdate;
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

    private static void add(Connection c, int k, int delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v=v+? WHERE k=?")) {
            ps.setInt(1, delta);
            ps.setInt(2, k);
            ps.executeUpdate();
        }
    }

    private static int value(HerdDBDataSource ds, int k) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT v FROM t WHERE k=" + k)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void say(String what) {
        System.out.println(String.format("%tT.%<tL ", System.currentTimeMillis()) + what);
    }
}
