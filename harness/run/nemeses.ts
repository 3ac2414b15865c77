/**
 * The nemesis packages a run asks for (`--nemesis partition,kill`), from nemesis/ — composed
 * into one package (ops routed by `f`, schedules side by side, heals one after another).
 */
import { composeNemeses, nemesisPackages } from '../../nemesis/index.js';
import type { DB, NemesisPackage } from '../../core/plugins.js';

/** What nemesis packages are built from. */
export interface NemesisOptions {
  /** Time between a fault and its heal, and between a heal and the next fault, s. */
  intervalS: number;
}

/** Builds the nemesis packages of a run (tests inject fakes). */
export type NemesisFactory = (names: string[], opts: NemesisOptions, db: DB) => NemesisPackage[] | Promise<NemesisPackage[]>;

/**
 * The packages for `names` composed into one (none for an empty list).
 * @throws UsageError from nemesis/ for an unknown name or a fault `db` cannot take
 */
export async function loadNemesisPackages(names: string[], opts: NemesisOptions, db: DB): Promise<NemesisPackage[]> {
  if (names.length === 0) return [];
  return [composeNemeses(nemesisPackages(names, opts, db))];
}
