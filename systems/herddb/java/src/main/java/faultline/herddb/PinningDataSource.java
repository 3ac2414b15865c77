package faultline.herddb;

import herddb.client.HDBClient;
import herddb.jdbc.HerdDBEmbeddedDataSource;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The bridge's data source for one JDBC URL and property set: HerdDB's own (client side only,
 * connection pool off) whose connections the bridge opens with {@link PinnedRoutes#open}, one
 * client connection of their own each, rather than through the pool's one shared connection.
 */
final class PinningDataSource extends HerdDBEmbeddedDataSource {
    PinningDataSource(Properties props) {
        super(props);
        setPoolConnections(false);
    }

    /** The driver's client, booted on first use (connects to ZooKeeper for the servers' addresses). */
    HDBClient client() throws SQLException {
        ensureClient();
        return getClient();
    }
}
