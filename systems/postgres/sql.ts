/**
 * The SQL of the transactional workloads on PostgreSQL. Keys are spread over `tables` tables
 * (key mod tables), so a transaction usually spans several. list-append (`append`): a row per
 * key holding the list as comma-separated text, appended with an upsert; rw-register (`wr`): a
 * row per key holding an integer, written with an upsert. Pure.
 */

/** The two workloads. */
export type PgTxnWorkload = 'append' | 'wr';

/** A statement and its parameters. */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** The table key `k` lives in. Pure. */
export function tableOf(workload: PgTxnWorkload, k: number, tables: number): string {
  return `${workload}_${((k % tables) + tables) % tables}`;
}

/** `CREATE TABLE IF NOT EXISTS` of every table of `workload`. Pure. */
export function schemaSql(workload: PgTxnWorkload, tables: number): string[] {
  const type = workload === 'append' ? 'text' : 'bigint';
  return Array.from({ length: tables }, (_, i) => `CREATE TABLE IF NOT EXISTS ${workload}_${i} (k bigint PRIMARY KEY, v ${type} NOT NULL)`);
}

/** The statement of one micro-op `[f, k, v]`. Pure. */
export function microOpSql(workload: PgTxnWorkload, f: string, k: number, v: unknown, tables: number): Sql {
  const t = tableOf(workload, k, tables);
  if (f === 'r') return { text: `SELECT v FROM ${t} WHERE k = $1`, values: [k] };
  if (workload === 'append') {
    return { text: `INSERT INTO ${t} AS t (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = t.v || ',' || EXCLUDED.v`, values: [k, String(v)] };
  }
  return { text: `INSERT INTO ${t} AS t (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`, values: [k, v] };
}

/**
 * A read's value from its result rows: list-append → the list of numbers (null when the row is
 * absent); rw-register → the number (null when absent). Pure.
 */
export function readValue(workload: PgTxnWorkload, rows: readonly { v: unknown }[]): number[] | number | null {
  if (rows.length === 0) return null;
  const v = rows[0].v;
  if (workload === 'append') return String(v) === '' ? [] : String(v).split(',').map(Number);
  return Number(v);
}

/**
 * The script that creates `workload`'s tables (as {@link schemaSql}) and prints the file of
 * each table and of its primary-key index, one `base/<db>/<relfilenode>` per line. Pure.
 */
export function relationFilesSql(workload: PgTxnWorkload, tables: number): string {
  const names = Array.from({ length: tables }, (_, i) => `${workload}_${i}`).flatMap((t) => [t, `${t}_pkey`]);
  const select = `SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname IN (${names.map((t) => `'${t}'`).join(', ')}) ORDER BY 1;`;
  return [...schemaSql(workload, tables).map((q) => `${q};`), select, ''].join('\n');
}

/** The relation file paths in {@link relationFilesSql}'s output (other lines ignored). Pure. */
export function parseRelationFiles(stdout: string): string[] {
  return stdout.split('\n').map((l) => l.trim()).filter((l) => /^base\/\d+\/\d+$/.test(l));
}
