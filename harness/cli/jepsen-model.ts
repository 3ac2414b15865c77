/**
 * What a Jepsen or Knossos user means by a model name, where faultline's meaning differs.
 * Knossos's `cas-register` treats a `:fail` cas as an op that did not happen (it drops every
 * `:fail` op) — that is faultline's `cas-register-noop`. faultline's `cas-register` also reads a
 * failed cas as proof that the register held something else, which is right only when the
 * client knows the compare failed (faultline's own etcd client) and wrong for histories whose
 * `:fail` means "refused" (Knossos's mongodb and memstress histories are judged invalid by it).
 * Pure.
 */
import type { HistoryFormat } from '../../core/history/detect.js';
import type { History } from '../../core/op.js';

/** The faultline model a Jepsen/Knossos user means by `cas-register`. */
export const KNOSSOS_CAS_REGISTER = 'cas-register-noop';

/**
 * The warning to print when an EDN history (Jepsen's and Knossos's format) with failed cas ops
 * is checked with faultline's stricter `cas-register`, else undefined. Jepsen *logs* are left
 * alone: Porcupine's etcd logs are checked with the strict meaning (its etcd model, too, reads a
 * failed cas as an observation). Pure.
 */
export function jepsenModelWarning(format: HistoryFormat, model: string, ops: History): string | undefined {
  if (format !== 'edn' || model !== 'cas-register') return undefined;
  let failedCas = 0;
  for (const op of ops) if (op.type === 'fail' && op.f === 'cas' && op.process !== 'nemesis') failedCas++;
  if (failedCas === 0) return undefined;
  return (
    `WARNING: this EDN history has ${failedCas} failed :cas op${failedCas === 1 ? '' : 's'}. ` +
    `faultline's --model cas-register counts a failed cas as proof the register held another value; ` +
    `Knossos's and Jepsen's cas-register treat it as not having happened, which is faultline's --model ${KNOSSOS_CAS_REGISTER}. ` +
    `For Knossos's verdict, run again with --model ${KNOSSOS_CAS_REGISTER}.`
  );
}
