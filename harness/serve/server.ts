/**
 * `faultline serve`'s HTTP server: read-only (GET and HEAD only), files only from inside the
 * store (real paths checked, so no `..` or symlink leads out), report.html as HTML and every
 * other file as a download or plain text, pages with a Content-Security-Policy that allows no
 * script. Listens on 127.0.0.1 unless told otherwise.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { campaignPage, campaignsPage, comparePage, page, runPage, runsPage } from './pages.js';
import { parseQuery } from './query.js';
import { StoreIndex } from './store-index.js';

/** Pages: no script at all; styles inline. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'";
/** report.html: its own inline script and styles, nothing from elsewhere. */
const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'";

/** A running server. */
export interface Served {
  server: Server;
  url: string;
  close(): Promise<void>;
}

class NotFound extends Error {}

/** Resolves `parts` under `root` and checks the real path stays inside it. @throws NotFound otherwise */
async function inside(root: string, parts: readonly string[]): Promise<string> {
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('/') || p.includes('\\') || p.includes('\0'))) throw new NotFound();
  const realRoot = await realpath(root);
  let real: string;
  try {
    real = await realpath(join(root, ...parts));
  } catch {
    throw new NotFound();
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new NotFound();
  return real;
}

/** Files of a run folder, recursively (logs/<node>/…), with sizes; at most 2,000. */
async function listFiles(dir: string, prefix = ''): Promise<{ path: string; bytes: number }[]> {
  const out: { path: string; bytes: number }[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push({ path: rel, bytes: (await stat(join(dir, rel))).size });
    if (out.length >= 2000) break;
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', csp = PAGE_CSP): void {
  res.writeHead(status, { 'content-type': type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
  res.end(body);
}

/** Streams a store file: report.html as HTML, text-like files as plain text, the rest as downloads. */
async function sendFile(res: ServerResponse, file: string, head: boolean): Promise<void> {
  const name = file.split(sep).at(-1) ?? 'file';
  const isReport = name === 'report.html';
  const text = /\.(jsonl|json|log|txt|md|xml|edn|csv|conf|properties|yaml|yml|out|err)$/.test(name);
  const headers: Record<string, string | number> = {
    'content-type': isReport ? 'text/html; charset=utf-8' : text ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    'content-length': (await stat(file)).size,
    'content-security-policy': isReport ? REPORT_CSP : "default-src 'none'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  if (!isReport && !text) headers['content-disposition'] = `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
  res.writeHead(200, headers);
  if (head) res.end();
  else createReadStream(file).pipe(res);
}

/** Handles one request; see the module documentation. */
async function handle(index: StoreIndex, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new NotFound();
  }
  const [route, ...rest] = parts;
  if (route === undefined) return send(res, 200, runsPage(await index.listRuns(), parseQuery(url.searchParams)));
  if (route === 'campaigns' && rest.length === 0) return send(res, 200, campaignsPage(await index.listCampaigns()));
  if (route === 'campaign' && rest.length === 1) {
    const file = await inside(index.root, ['campaigns', rest[0], 'campaign.json']);
    const c = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const realRoot = await realpath(index.root);
    const idOf = (runDir: string): string | undefined => {
      const rel = relative(realRoot, runDir).split(sep);
      return rel.length === 2 && !rel.includes('..') ? rel.join('/') : undefined;
    };
    return send(res, 200, campaignPage(rest[0], c, idOf));
  }
  if (route === 'campaign-files' && rest.length === 2 && ['summary.md', 'junit.xml', 'campaign.json'].includes(rest[1])) {
    return sendFile(res, await inside(index.root, ['campaigns', ...rest]), req.method === 'HEAD');
  }
  if (route === 'run' && rest.length === 2 && rest[0] !== 'campaigns') {
    const dir = await inside(index.root, rest);
    return send(res, 200, runPage(rest.join('/'), await listFiles(dir)));
  }
  if (route === 'files' && rest.length >= 3 && rest[0] !== 'campaigns') {
    const file = await inside(index.root, rest);
    if (!(await stat(file)).isFile()) throw new NotFound();
    return sendFile(res, file, req.method === 'HEAD');
  }
  if (route === 'compare' && rest.length === 0) {
    const ids = url.searchParams.getAll('run');
    const runs = await index.listRuns();
    const [a, b] = ids.map((id) => runs.find((r) => r.id === id));
    if (ids.length !== 2 || a === undefined || b === undefined) return send(res, 400, page('compare', '<p>Select exactly two runs to compare.</p>'));
    return send(res, 200, comparePage(a, b));
  }
  throw new NotFound();
}

/**
 * Serves the store at `root` on `host:port` (port 0 = any free one).
 * @returns the server and its URL once it listens
 */
export async function serveStore(root: string, opts: { host?: string; port?: number } = {}): Promise<Served> {
  const index = new StoreIndex(root);
  const server = createServer((req, res) => {
    handle(index, req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof NotFound) send(res, 404, page('not found', '<p>No such page or file in the store.</p>'));
      else send(res, 500, page('error', '<p>The store could not be read; see the server console.</p>'));
      if (!(err instanceof NotFound)) process.stderr.write(`faultline serve: ${(err as Error)?.message ?? String(err)}\n`);
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shown}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
