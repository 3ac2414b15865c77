package faultline.herddb;

import herddb.jdbc.HerdDBConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The bridge's trace of the JDBC driver's transactions, written to stderr (the run's
 * {@code logs/bridge.log}) so a half-applied transaction can be tied to the requests that made it.
 *
 * <p>One {@code faultline-tx} line per statement, commit and rollback: UTC time, the bridge
 * connection's name and request id, the transaction id the driver held before the call (the id it
 * sent: {@code -1} = "begin one with this statement", {@code 0} = none) and after it (the id the
 * server bound), the leader the driver's metadata names for the tablespace after the call (the
 * server that answered, unless the leader changed meanwhile), the statement and its parameters,
 * and the outcome. The transaction id lives in HerdDB's {@code HerdDBConnection} (package-private
 * {@code getTransactionId}), read here by reflection; nothing is changed.
 *
 * <p>{@link #install()} also prefixes every java.util.logging line with the UTC time and the
 * thread's name ({@code bridge-conn-<conn>}), so the driver's own "retry #n" lines name the
 * connection whose request they re-sent.
 */
final class TxTrace {
    private static final Method TX_ID = txIdMethod();

    private TxTrace() {
    }

    private static Method txIdMethod() {
        try {
            Method m = HerdDBConnection.class.getDeclaredMethod("getTransactionId");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("faultline bridge: no transaction ids in the trace: " + e);
            return null;
        }
    }

    /** Sets a one-line format with UTC time and thread name on the root logger's handlers. */
    static void install() {
        Formatter f = new Formatter() {
            @Override
            public String format(LogRecord r) {
                StringBuilder b = new StringBuilder();
                b.append(Instant.ofEpochMilli(r.getMillis())).append(" [").append(Thread.currentThread().getName()).append("] ")
                        .append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(formatMessage(r));
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    String[] lines = w.toString().split("\n");
                    for (int i = 0; i < Math.min(lines.length, 4); i++) {
                        b.append("\n    ").append(lines[i].trim());
                    }
                }
                return b.append('\n').toString();
            }
        };
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(f);
        }
    }

    /** The transaction id the driver's connection holds, or {@code -9} when it cannot be read. */
    static long txId(Connection c) {
        if (TX_ID == null || !(c instanceof HerdDBConnection)) {
            return -9;
        }
        try {
            return (Long) TX_ID.invoke(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -9;
        }
    }

    /**
     * The leader of {@code c}'s tablespace in the driver's metadata cache (the server its next
     * request goes to), {@code none} when the cache is empty (the driver will ask ZooKeeper), or
     * {@code ?}. Read from the cache by reflection so tracing never waits on ZooKeeper.
     */
    static String leader(Connection c) {
        try {
            if (c instanceof HerdDBConnection) {
                HerdDBConnection h = (HerdDBConnection) c;
                Object provider = h.getConnection().getClient().getClientSideMetadataProvider();
                Field f = provider.getClass().getDeclaredField("tableSpaceLeaders");
                f.setAccessible(true);
                Object leader = ((Map<?, ?>) f.get(provider)).get(h.getSchema().toLowerCase());
                return leader == null ? "none" : leader.toString();
            }
        } catch (Throwable t) {
            return "?(" + t.getClass().getSimpleName() + ")";
        }
        return "?";
    }

    /** Writes one {@code faultline-tx} line. */
    static void log(String conn, long request, String what, long before, long after, Connection c, String outcome) {
        PinnedRoutes routes = PinnedRoutes.of(c);
        String route = routes == null ? "" : " node=" + routes.lastNode() + " pin=" + routes.pinnedNode();
        String line = Instant.now() + " faultline-tx conn=" + conn + " req=" + request + " " + what
                + " tx=" + before + "->" + after + " leader=" + leader(c) + route + " " + outcome;
        System.err.println(line);
    }
}
