package faultline.herddb;

import herddb.server.Server;
import herddb.server.ServerConfiguration;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * faultline's HerdDB server main: reads a properties file (the argument), builds a
 * {@link ServerConfiguration} from it and starts a {@link Server}; then lives until killed.
 * A SIGTERM closes the server; faultline's kill fault uses SIGKILL, which closes nothing.
 */
public final class Launcher {
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final java.util.logging.Logger TRACED = java.util.logging.Logger.getLogger("herddb.core.TableSpaceManager");

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: faultline.herddb.Launcher <server.properties>");
            System.exit(2);
        }
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        if (Boolean.parseBoolean(props.getProperty("faultline.trace.apply", "false"))) {
            traceApply();
        }
        ServerConfiguration config = new ServerConfiguration(props);
        Server server = new Server(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "faultline-shutdown"));
        long t0 = System.nanoTime();
        server.start();
        System.out.println("faultline: herddb server " + props.getProperty("server.node.id") + " started in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms, jdbc url " + server.getJdbcUrl());
        System.out.flush();
        stopped.await();
    }

    /**
     * HerdDB's TableSpaceManager at FINEST: among others, one "apply (ledger,offset) LogEntry{type,
     * transactionId, ...}" line per log entry the server applies (as leader, follower or in
     * recovery). Only that logger; the console handler passes everything it is given.
     */
    private static void traceApply() {
        TRACED.setLevel(java.util.logging.Level.FINEST);
        for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.ALL);
        }
    }
}
