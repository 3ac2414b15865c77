/**
 * The sockets faultline's Kafka clients open: plain TCP (TLS when a client asks for it), with
 * keep-alive, and unref'd — a kafkajs socket never holds the process open by itself. kafkajs
 * ends a socket whose connect timed out with `end()`, which leaves it in SYN-SENT until the
 * kernel gives up (about 2 minutes) when the broker's node is gone: a consumer leaving its
 * group after the containers were removed kept the CLI alive that long after its report.
 * Ops in flight are unaffected: every kafkajs request and connect has its own (ref'd) timer.
 */
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** TCP keep-alive delay of client sockets, ms. */
export const KEEP_ALIVE_MS = 60_000;

/** A kafkajs socket factory whose sockets do not keep the process alive; see the module notes. */
export const unrefSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket: Socket = ssl ? tlsConnect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}), ...ssl }, onConnect) : tcpConnect({ host, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_MS);
  socket.unref();
  return socket;
};
