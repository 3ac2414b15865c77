import { describe, expect, it } from 'vitest';
import { campaignPage, comparePage, runsPage } from '../../../harness/serve/pages.js';
import { parseQuery } from '../../../harness/serve/query.js';
import { runEntry } from '../../../harness/serve/store-index.js';

const evil = '<img src=x onerror=alert(1)>"\'&';
const entry = runEntry(`t/${'s'}`, { system: evil, workload: 'register', seed: evil, startedAt: '2026-12-04T10:00:00.000Z', options: { nemesis: [evil] } }, { valid: false, checkers: { [evil]: { valid: false } } }, true);

describe('serve pages escape every stored value', () => {
  it('run list, compare and campaign pages carry no markup from the store', () => {
    const html = [
      runsPage([entry], parseQuery(new URLSearchParams(`system=${encodeURIComponent(evil)}`))),
      comparePage(entry, entry),
      campaignPage(evil, { name: evil, runs: [{ system: evil, nemesis: [evil], anomalies: [evil], verdict: evil, runDir: '/x' }] }, () => evil),
    ].join('');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert\(1\)>"/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<script');
  });
});
