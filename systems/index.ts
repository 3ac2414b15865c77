/**
 * The one registry of systems under test: `faultline test <name>` finds its definition here.
 * Nothing else in core/ or harness/ names a system; adding one is a line below (see
 * docs/adding-a-system.md).
 */
import type { SystemDefinition } from '../core/plugins.js';
import { bookkeeper } from './bookkeeper/index.js';
import { etcd } from './etcd/index.js';
import { herddb } from './herddb/index.js';
import { jetstream } from './jetstream/index.js';
import { kafka } from './kafka/index.js';
import { memorySystem } from './memory/index.js';
import { postgres } from './postgres/index.js';
import { zookeeper } from './zookeeper/index.js';

/** Every known system, in the order help lists them. */
export const SYSTEMS: readonly SystemDefinition[] = [bookkeeper, etcd, herddb, jetstream, kafka, memorySystem, postgres, zookeeper];
