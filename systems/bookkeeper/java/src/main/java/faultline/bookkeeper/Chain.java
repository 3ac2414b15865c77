package faultline.bookkeeper;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A log's chain of ledgers, kept in ZooKeeper at {@code /faultline/logs/<key>} as the
 * comma-separated ledger ids in order; appending compares the znode version, so of two writers
 * racing to start the next ledger exactly one wins.
 */
final class Chain {
  static final String ROOT = "/faultline/logs";

  /** The ledger ids of a log and the znode version they were read at. */
  record Snapshot(List<Long> ids, int version) {}

  private Chain() {}

  static String path(String key) {
    return ROOT + "/" + key;
  }

  /** Reads the chain of {@code key}, creating an empty one when missing. */
  static Snapshot read(ZooKeeper zk, String key) throws KeeperException, InterruptedException {
    ensure(zk, "/faultline");
    ensure(zk, ROOT);
    ensure(zk, path(key));
    Stat stat = new Stat();
    byte[] data = zk.getData(path(key), false, stat);
    List<Long> ids = new ArrayList<>();
    String text = data == null ? "" : new String(data, java.nio.charset.StandardCharsets.UTF_8).trim();
    if (!text.isEmpty()) {
      for (String part : text.split(",")) ids.add(Long.parseLong(part.trim()));
    }
    return new Snapshot(ids, stat.getVersion());
  }

  /**
   * Appends {@code ledgerId} to a chain read as {@code snap}.
   *
   * @throws KeeperException.BadVersionException when another writer appended first
   */
  static void append(ZooKeeper zk, String key, Snapshot snap, long ledgerId) throws KeeperException, InterruptedException {
    StringBuilder sb = new StringBuilder();
    for (long id : snap.ids()) sb.append(id).append(',');
    sb.append(ledgerId);
    zk.setData(path(key), sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), snap.version());
  }

  private static void ensure(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
    if (zk.exists(path, false) != null) return;
    try {
      zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    } catch (KeeperException.NodeExistsException e) {
      // created concurrently: fine
    }
  }
}
