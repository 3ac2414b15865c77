package faultline.bookkeeper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.BKException;
import org.apache.bookkeeper.client.BookKeeper;
import org.apache.bookkeeper.client.BookKeeper.DigestType;
import org.apache.bookkeeper.client.LedgerEntry;
import org.apache.bookkeeper.client.LedgerHandle;
import org.apache.bookkeeper.client.api.LedgerMetadata;
import org.apache.bookkeeper.conf.ClientConfiguration;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * One worker's connection: a BookKeeper client and a ZooKeeper session on one node's
 * ZooKeeper, the ledger it writes per log, and how far it has read each log.
 *
 * Offsets: entry {@code e} of the {@code i}-th ledger of a log (0-based) has offset
 * {@code i * STRIDE + e}, so offsets grow along the log.
 */
final class Conn {
  /** Entries per ledger that offsets leave room for. */
  static final long STRIDE = 1_000_000L;
  static final byte[] PASSWORD = "faultline".getBytes(StandardCharsets.UTF_8);
  static final DigestType DIGEST = DigestType.CRC32C;

  /** An op that failed; {@code certain} when it certainly had no effect. */
  static final class OpError extends Exception {
    final boolean certain;
    final Object partial;

    OpError(String message, boolean certain, Object partial, Throwable cause) {
      super(message, cause);
      this.certain = certain;
      this.partial = partial;
    }
  }

  private record Writer(LedgerHandle lh, int index) {}

  private record Position(int index, long next) {}

  private final BookKeeper bk;
  private final String zkConnect;
  private final int timeoutMs;
  /** The chain's ZooKeeper session; replaced when it expired (see {@link #zk()}). */
  private ZooKeeper zk;
  private final int ensemble;
  private final int writeQuorum;
  private final int ackQuorum;
  private final Map<String, Writer> writers = new HashMap<>();
  private final Map<String, Position> positions = new HashMap<>();

  Conn(String zkConnect, int ensemble, int writeQuorum, int ackQuorum, int timeoutMs) throws Exception {
    this.ensemble = ensemble;
    this.writeQuorum = writeQuorum;
    this.ackQuorum = ackQuorum;
    this.zkConnect = zkConnect;
    this.timeoutMs = timeoutMs;
    this.zk = session();
    if (!this.zk.getState().isConnected()) {
      zk.close();
      throw new OpError("no ZooKeeper session with " + zkConnect + " within " + timeoutMs + " ms", true, null, null);
    }
    ClientConfiguration conf = new ClientConfiguration();
    conf.setMetadataServiceUri("zk+hierarchical://" + zkConnect.replace(',', ';') + "/ledgers");
    conf.setZkTimeout(Math.max(timeoutMs * 2, 6000));
    conf.setAddEntryTimeout(Math.max(1, timeoutMs / 1000));
    conf.setReadEntryTimeout(Math.max(1, timeoutMs / 1000));
    conf.setEnableDigestTypeAutodetection(true);
    try {
      this.bk = new BookKeeper(conf);
    } catch (Exception e) {
      zk.close();
      throw e;
    }
  }

  /** A new ZooKeeper session, waiting at most the op timeout for it to connect. */
  private ZooKeeper session() throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper z = new ZooKeeper(zkConnect, Math.max(timeoutMs * 2, 6000), e -> {
      if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) connected.countDown();
    });
    connected.await(timeoutMs, TimeUnit.MILLISECONDS);
    return z;
  }

  /** The chain's ZooKeeper session, a fresh one when the old one expired (a partition longer than its timeout). */
  private ZooKeeper zk() throws Exception {
    if (!zk.getState().isAlive()) {
      zk.close();
      zk = session();
    }
    return zk;
  }

  /** Appends {@code value} to log {@code key} and returns its offset. */
  synchronized long send(String key, long value) throws Exception {
    Writer w = writers.get(key);
    if (w == null) {
      try {
        w = takeOver(key);
      } catch (KeeperException | BKException e) {
        throw new OpError("could not start a ledger for " + key + ": " + e, true, null, e);
      }
      writers.put(key, w);
    }
    try {
      long entry = w.lh().addEntry(Long.toString(value).getBytes(StandardCharsets.UTF_8));
      if (entry >= STRIDE) {
        writers.remove(key);
        throw new OpError("ledger " + w.lh().getId() + " outgrew " + STRIDE + " entries", false, null, null);
      }
      return w.index() * STRIDE + entry;
    } catch (BKException e) {
      writers.remove(key);
      // A closed handle sends nothing; any other error may have left the entry on some bookies,
      // which recovery can make visible.
      boolean certain = e.getCode() == BKException.Code.LedgerClosedException;
      String what = e.getCode() == BKException.Code.LedgerFencedException ? "fenced: " : "";
      throw new OpError(what + "add to ledger " + w.lh().getId() + " failed: " + e, certain, null, e);
    }
  }

  /**
   * Becomes the writer of {@code key}: recovers (fences and closes) the log's last ledger,
   * creates the next one and appends it to the chain.
   */
  private Writer takeOver(String key) throws Exception {
    Chain.Snapshot snap = Chain.read(zk(), key);
    String sealed = "none";
    if (!snap.ids().isEmpty()) {
      LedgerHandle prev = bk.openLedger(snap.ids().get(snap.ids().size() - 1), DIGEST, PASSWORD);
      sealed = "ledger " + prev.getId() + " last " + prev.getLedgerMetadata().getLastEntryId();
      prev.close();
    }
    LedgerHandle lh = bk.createLedger(ensemble, writeQuorum, ackQuorum, DIGEST, PASSWORD);
    trace("takeover " + key + ": recovered " + sealed + ", new ledger " + lh.getId() + " at index " + snap.ids().size());
    try {
      Chain.append(zk(), key, snap, lh.getId());
    } catch (KeeperException e) {
      try {
        bk.deleteLedger(lh.getId());
      } catch (Exception ignored) {
        // an orphan ledger is harmless: it is in no chain
      }
      throw e;
    }
    return new Writer(lh, snap.ids().size());
  }

  /**
   * Fences log {@code key}: recovers its last ledger (no writer can add to it afterwards) and
   * returns {ledger: index, ledgerId, last: offset of its last entry or null when empty}, or
   * {ledger: null} when the log has no ledger yet.
   */
  synchronized Map<String, Object> fence(String key) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Chain.Snapshot snap = Chain.read(zk(), key);
      if (snap.ids().isEmpty()) {
        out.put("ledger", null);
        return out;
      }
      int index = snap.ids().size() - 1;
      LedgerHandle lh = bk.openLedger(snap.ids().get(index), DIGEST, PASSWORD);
      long last = lh.getLedgerMetadata().getLastEntryId();
      lh.close();
      out.put("ledger", index);
      out.put("ledgerId", snap.ids().get(index));
      out.put("last", last < 0 ? null : index * STRIDE + last);
      return out;
    } catch (KeeperException | BKException e) {
      // Recovery may have fenced and closed the ledger before the error.
      throw new OpError("fence of " + key + " failed: " + e, false, null, e);
    }
  }

  /**
   * Reads each of {@code keys} from where this connection left it, up to the last-add-confirmed
   * of an open ledger (or the last entry of a closed one, then on into the next ledger), at
   * most {@code max} records per key. Returns key → [[offset, value], ...].
   */
  synchronized Map<String, List<long[]>> poll(List<String> keys, int max) throws Exception {
    Map<String, List<long[]>> out = new LinkedHashMap<>();
    for (String key : keys) {
      List<long[]> records = new ArrayList<>();
      out.put(key, records);
      try {
        readKey(key, max, records);
      } catch (Exception e) {
        // Reads change nothing: certain. What this poll read (its position moved past it) goes with the error.
        throw new OpError("poll of " + key + " failed: " + e, true, out, e);
      }
    }
    return out;
  }

  private void readKey(String key, int max, List<long[]> records) throws Exception {
    Position pos = positions.getOrDefault(key, new Position(0, 0));
    List<Long> ids = Chain.read(zk(), key).ids();
    while (pos.index() < ids.size() && records.size() < max) {
      LedgerHandle lh = bk.openLedgerNoRecovery(ids.get(pos.index()), DIGEST, PASSWORD);
      try {
        // The end of a closed ledger comes from its metadata: a handle opened while the ledger
        // was being recovered can see it closed yet keep the last-add-confirmed it read at open
        // (seen: closed at entry 4, handle LAC 3), and trusting that LAC skips entries.
        LedgerMetadata md = lh.getLedgerMetadata();
        boolean closed = md.isClosed();
        long lac = closed ? md.getLastEntryId() : lh.readLastAddConfirmed();
        if (pos.next() <= lac) {
          long last = Math.min(lac, pos.next() + (max - records.size()) - 1);
          Enumeration<LedgerEntry> entries = closed ? lh.readUnconfirmedEntries(pos.next(), last) : lh.readEntries(pos.next(), last);
          while (entries.hasMoreElements()) {
            LedgerEntry e = entries.nextElement();
            long value = Long.parseLong(new String(e.getEntry(), StandardCharsets.UTF_8));
            records.add(new long[] {pos.index() * STRIDE + e.getEntryId(), value});
            pos = new Position(pos.index(), e.getEntryId() + 1);
            positions.put(key, pos);
          }
        }
        if (closed && pos.next() > lac) {
          trace("reader " + key + ": leaves ledger " + lh.getId() + " (index " + pos.index() + ") at next entry " + pos.next() + ", closed, last " + lac
              + ", handle LAC " + lh.getLastAddConfirmed());
          pos = new Position(pos.index() + 1, 0);
          positions.put(key, pos);
        } else {
          return;
        }
      } finally {
        lh.close();
      }
    }
  }

  /** One line of diagnostics on stderr (the bridge log): who did what to which ledger. */
  private void trace(String what) {
    System.err.println(java.time.LocalTime.now() + " TRACE [" + zkConnect + "] " + what);
  }

  /** Closes the BookKeeper client and the ZooKeeper session; ledgers being written stay open (a crashed writer). */
  void close() {
    try {
      bk.close();
    } catch (Exception ignored) {
      // closing a client of an unreachable cluster
    }
    try {
      zk.close();
    } catch (Exception ignored) {
      // same
    }
  }
}
