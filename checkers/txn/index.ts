/**
 * The transactional isolation checker (list-append and rw-register histories, Elle's anomalies).
 */
export { checkTxn, TXN_MODELS, type TxnCheckOptions, type TxnModel, type TxnVerdict } from './check.js';
export { CONSISTENCY_MODELS, canonicalModel, forbids, judgeModels, type ConsistencyModel } from './models.js';
export { CYCLE_TYPES } from './cycle-types.js';
export type { AnomalyCase, TxnRef } from './anomalies.js';
export type { CycleCase, CycleStep } from './explain.js';
export { formatTxnVerdict } from './format.js';
export { TxnInputError, TXN_F } from './txns.js';
