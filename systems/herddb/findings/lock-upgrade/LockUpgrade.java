import herddb.jdbc.HerdDBEmbeddedDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Standalone reproduction of HerdDB's non-atomic read-to-write lock upgrade (see ../lock-upgrade.md).
 * One in-process HerdDB server (server.mode=local, a temporary data folder); each round a fresh row k, v=0;
 * a list is v's base-32 digits, as faultline's append workload keeps it.
 *
 *   A (repeatable read): SELECT v WHERE k=?         -> reads [] and keeps its read lock
 *   B (repeatable read): UPDATE v = v*32+9 WHERE k=? -> waits for A's read lock
 *   A:                   SELECT v WHERE k=?         -> still [] (A's read lock is held)
 *   A:                   UPDATE v = v*32+7 WHERE k=? -> upgrade: A releases its read lock, B runs
 *                                                      and commits, then A updates B's value
 *   A:                   COMMIT
 *
 * Serializable (or repeatable read with a kept read lock) allows only [7, 9] (A first, B waits)
 * or a deadlock / lock timeout; [9, 7] means A read the row without 9 yet wrote after 9.
 *
 * Run: java -cp "$HOME/.cache/faultline/jars/herddb-<hash>/*" LockUpgrade.java [rounds, default 20]
 */
public final class LockUpgrade {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("server.mode", "local");
        p.setProperty("server.base.dir", Files.createTempDirectory("herddb-lock-upgrade").toString());
        p.setProperty("server.tablemanager.writelocktimeout", "10");
        p.setProperty("server.tablemanager.readlocktimeout", "10");
        HerdDBEmbeddedDataSource ds = new HerdDBEmbeddedDataSource(p);
        ds.setUrl("jdbc:herddb:local");
        try (Connection setup = ds.getConnection()) {
            setup.createStatement().executeUpdate("CREATE TABLE t (k long primary key, v long)");
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int anomalies = 0;
        for (int k = 1; k <= rounds; k++) {
            if (round(ds, k, anomalies == 0)) {
                anomalies++;
            }
        }
        say(anomalies + " of " + rounds + " rounds ended [9, 7]: A read [] twice, yet its 7 landed after B's 9 (G-single at repeatable read)");
        ds.close();
        System.exit(0);
    }

    /** One round on row k; prints its steps when {@code verbose}; true when it ended [9, 7]. */
    private static boolean round(HerdDBEmbeddedDataSource ds, long k, boolean verbose) throws Exception {
        try (Connection setup = ds.getConnection()) {
            setup.createStatement().executeUpdate("INSERT INTO t(k,v) VALUES(" + k + ",0)");
        }
        Connection a = open(ds);
        Connection b = open(ds);
        long first = read(a, k);
        CompletableFuture<Void> bDone = CompletableFuture.runAsync(() -> {
            try {
                append(b, k, 9);
                b.commit();
            } catch (SQLException e) {
                say("B failed: " + e);
            }
        });
        Thread.sleep(300);
        boolean bWaited = !bDone.isDone();
        long second = read(a, k);
        append(a, k, 7);
        a.commit();
        bDone.get(20, TimeUnit.SECONDS);
        a.close();
        b.close();
        long v;
        try (Connection c = ds.getConnection()) {
            v = read(c, k);
        }
        if (verbose || v == 9 * 32 + 7) {
            say("row " + k + ": A read " + list(first) + "; B's append of 9 waiting for A's read lock: " + bWaited
                    + "; A read " + list(second) + " again, appended 7, committed; B committed too; final " + list(v));
        }
        return v == 9 * 32 + 7;
    }

    private static Connection open(HerdDBEmbeddedDataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return c;
    }

    private static long read(Connection c, long k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE k=?")) {
            ps.setLong(1, k);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void append(Connection c, long k, long x) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = v * 32 + ? WHERE k=?")) {
            ps.setLong(1, x);
            ps.setLong(2, k);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("no row");
            }
        }
    }

    private static String list(long v) {
        java.util.ArrayDeque<Long> digits = new java.util.ArrayDeque<>();
        for (long n = v; n > 0; n /= 32) {
            digits.addFirst(n % 32);
        }
        return digits.toString();
    }

    private static void say(String what) {
        System.out.println(String.format("%tT.%<tL ", System.currentTimeMillis()) + what);
    }
}
