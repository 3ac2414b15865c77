import herddb.client.HDBConnection;
import herddb.jdbc.HerdDBConnection;
import herddb.jdbc.HerdDBEmbeddedDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Standalone reproduction of HerdDB's double ROLLBACK (see ../double-rollback.md), without a
 * cluster: one in-process standalone HerdDB server (file commit log in a temporary folder,
 * listening on 127.0.0.1 only). Each round begins a transaction, inserts a row in it, then sends
 * {@code rollbackTransaction} for it from two threads at once (what faultline's bridge once did
 * by closing a JDBC connection from one thread while another rolled it back). The server checks
 * that the transaction exists, writes a ROLLBACK entry to its log, and only then removes the
 * transaction: both rollbacks can pass the check and both entries reach the log. The second
 * one's apply fails ("invalid transaction id"); the entry stays in the log. Then the server is
 * stopped and started again on the same folder: its recovery replays the log, meets the second
 * ROLLBACK of a transaction it no longer has, and fails the same way — what every follower of
 * a replicated tablespace does while following the leader's log.
 *
 * Run: java -cp "$HOME/.cache/faultline/jars/herddb-<hash>/*" DoubleRollback.java [rounds, default 20]
 */
public final class DoubleRollback {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("herddb-double-rollback");
        int doubled = 0;
        HerdDBEmbeddedDataSource ds = dataSource(dir);
        try (Connection setup = ds.getConnection()) {
            setup.createStatement().executeUpdate("CREATE TABLE t (k long primary key, v long)");
        }
        try (Connection c = ds.getConnection()) {
            HDBConnection hdb = ((HerdDBConnection) c).getConnection();
            for (int k = 1; k <= rounds; k++) {
                long tx = hdb.beginTransaction("herd");
                hdb.executeUpdate("herd", "INSERT INTO t(k,v) VALUES(?,?)", tx, false, true, Arrays.asList((long) k, 1L));
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<String> a = rollback(hdb, tx, go);
                CompletableFuture<String> b = rollback(hdb, tx, go);
                go.countDown();
                String ra = a.get();
                String rb = b.get();
                // "not found": refused by the existence check (correct); "invalid transaction id":
                // it passed the check, was written to the log, and failed when applied (the bug)
                if (ra.contains("invalid transaction id") || rb.contains("invalid transaction id")) {
                    doubled++;
                    if (doubled == 1) {
                        say("round " + k + ", transaction " + tx + ": one rollback " + (ra.equals("ok") ? rb : ra) + "; the other ok");
                    }
                }
            }
        }
        say(doubled + " of " + rounds + " rounds: both rollbacks passed the existence check and were logged; the second failed when applied");
        ds.close();
        say("server stopped; starting it again on the same folder (recovery replays the log)");
        HerdDBEmbeddedDataSource again = dataSource(dir);
        CompletableFuture<String> restart = CompletableFuture.supplyAsync(() -> {
            try (Connection c = again.getConnection()) {
                return "tablespace recovered, " + count(c) + " rows";
            } catch (Exception e) {
                return "failed: " + firstLine(e);
            }
        });
        try {
            say("restart: " + restart.get(30, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            say("restart: tablespace herd not up after 30 s; the server's log (stderr) repeats 'Error Booting tablespace herd'"
                    + " caused by 'invalid transaction id': its recovery cannot replay the log");
        }
        System.exit(0);
    }

    private static HerdDBEmbeddedDataSource dataSource(Path dir) {
        Properties p = new Properties();
        p.setProperty("server.mode", "standalone");
        p.setProperty("server.start", "true");
        p.setProperty("server.base.dir", dir.toString());
        p.setProperty("server.host", "127.0.0.1");
        p.setProperty("server.port", "0");
        p.setProperty("client.max.operation.retry.count", "1");
        HerdDBEmbeddedDataSource ds = new HerdDBEmbeddedDataSource(p);
        ds.setUrl("jdbc:herddb:server:127.0.0.1:0");
        ds.setWaitForTableSpaceTimeout(15_000);
        return ds;
    }

    private static CompletableFuture<String> rollback(HDBConnection hdb, long tx, CountDownLatch go) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
                hdb.rollbackTransaction("herd", tx);
                return "ok";
            } catch (Exception e) {
                return "failed: " + firstLine(e);
            }
        });
    }

    private static long count(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstLine(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = e; x != null && b.length() < 600; x = x.getCause() == x ? null : x.getCause()) {
            b.append(b.length() > 0 ? " <- " : "").append(x.getClass().getSimpleName()).append(": ").append(String.valueOf(x.getMessage()).split("\n")[0]);
        }
        return b.toString();
    }

    private static void say(String what) {
        System.out.println(String.format("%tT.%<tL ", System.currentTimeMillis()) + what);
    }
}
