package faultline.herddb;

import herddb.client.ClientSideConnectionPeer;
import herddb.client.ClientSideMetadataProviderException;
import herddb.client.HDBClient;
import herddb.client.HDBConnection;
import herddb.client.HDBException;
import herddb.jdbc.BasicHerdDBDataSource;
import herddb.jdbc.HerdDBConnection;
import java.lang.reflect.Constructor;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One bridge connection's own HerdDB client connection, which keeps a transaction on the server
 * (and the server process) that began it.
 *
 * <p>Why: a HerdDB server numbers transactions with a counter that starts at 1 whenever it
 * starts or takes over a tablespace, and it runs a request in whatever live transaction has the
 * id the request carries. The official driver re-sends a request that met a retryable error
 * ("not leader", "cannot connect") to the server that now leads, with the same transaction id,
 * and sends a transaction's later statements and its COMMIT wherever the leader now is. After a
 * leader change or restart such a request runs inside another client's transaction, and a
 * COMMIT commits it (../../../../../../findings/bank-failover.md, txid-reuse/TxIdReuse.java).
 *
 * <p>What this does: once a statement has bound the JDBC connection to a transaction,
 * {@link #pin()} records the route (server peer) and its network channel that served it. Every
 * later request of that transaction is routed through {@link #getRouteToTableSpace} — the
 * driver calls it once per attempt — and is refused before anything is sent when it is a
 * re-send (a second attempt of one request), when the leader is now another server, or when the
 * channel is no longer the one the transaction began on (closed or reconnected: the server may
 * have restarted). The refusal is an {@link HDBException}, which the driver does not retry: the
 * statement fails and the bridge rolls back / drops the connection, so a transaction is never
 * continued or committed anywhere but where it began. {@link #unpin()} after the commit or
 * rollback. Requests outside a transaction (auto-commit, a transaction's first statement) keep
 * the driver's retries.
 */
final class PinnedRoutes extends HDBConnection {
    private static final Constructor<HerdDBConnection> JDBC = jdbcConstructor();

    private volatile ClientSideConnectionPeer pinned;
    private volatile Object pinnedChannel;
    private volatile ClientSideConnectionPeer last;
    private int attempts;

    private PinnedRoutes(HDBClient client) {
        super(client);
        setDiscoverTablespaceFromSql(false);
    }

    private static Constructor<HerdDBConnection> jdbcConstructor() {
        try {
            Constructor<HerdDBConnection> c = HerdDBConnection.class.getDeclaredConstructor(BasicHerdDBDataSource.class, HDBConnection.class, String.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("HerdDB's JDBC driver changed: cannot wrap a client connection: " + e, e);
        }
    }

    /** A JDBC connection of {@code ds}'s client that routes through a new {@link PinnedRoutes}. */
    static Connection open(PinningDataSource ds) throws SQLException {
        HDBClient client = ds.client();
        PinnedRoutes routes = new PinnedRoutes(client);
        try {
            return JDBC.newInstance(ds, routes, ds.getDefaultSchema());
        } catch (ReflectiveOperationException e) {
            routes.close();
            throw new SQLException("cannot open a pinned HerdDB connection: " + e, e);
        }
    }

    /** The {@link PinnedRoutes} under a JDBC connection made by {@link #open}, or null. */
    static PinnedRoutes of(Connection c) {
        if (c instanceof HerdDBConnection && ((HerdDBConnection) c).getConnection() instanceof PinnedRoutes) {
            return (PinnedRoutes) ((HerdDBConnection) c).getConnection();
        }
        return null;
    }

    /** Marks the start of one request (statement, commit or rollback): its first route lookup is its first attempt. */
    void startRequest() {
        attempts = 0;
    }

    /** Pins the open transaction to the route that served the last request, unless already pinned. */
    void pin() {
        ClientSideConnectionPeer p = last;
        if (pinned == null && p != null) {
            pinnedChannel = p.getChannel();
            pinned = p;
        }
    }

    /** Forgets the pin (the transaction ended). */
    void unpin() {
        pinned = null;
        pinnedChannel = null;
    }

    /** The node that served (or was chosen for) the last request, or {@code ?}. */
    String lastNode() {
        ClientSideConnectionPeer p = last;
        return p == null ? "?" : p.getNodeId();
    }

    /** The node the open transaction is pinned to, or {@code -}. */
    String pinnedNode() {
        ClientSideConnectionPeer p = pinned;
        return p == null ? "-" : p.getNodeId();
    }

    /** Always the first of a server's peers: this connection runs one request at a time, so one socket per server is enough, and a transaction's route stays the same object. */
    @Override
    protected ClientSideConnectionPeer chooseConnection(ClientSideConnectionPeer[] all) {
        return all[0];
    }

    @Override
    protected ClientSideConnectionPeer getRouteToTableSpace(String tableSpace) throws ClientSideMetadataProviderException, HDBException {
        ClientSideConnectionPeer route = super.getRouteToTableSpace(tableSpace);
        attempts++;
        last = route;
        ClientSideConnectionPeer p = pinned;
        if (p != null) {
            String why = null;
            if (attempts > 1) {
                why = "a re-send after a retryable error";
            } else if (route != p) {
                why = "the leader is now " + route.getNodeId();
            } else if (route.getChannel() != pinnedChannel || pinnedChannel == null || !route.getChannel().isValid()) {
                why = "its connection to " + p.getNodeId() + " was closed or replaced";
            }
            if (why != null) {
                throw new HDBException("faultline: not sent: the transaction began on " + p.getNodeId() + ", and this would be " + why
                        + " (a server numbers transactions from 1 again after a restart or leader change)");
            }
        }
        return route;
    }
}
