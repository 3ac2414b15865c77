import { describe, expect, it } from 'vitest';
import { dockerfilePackages, imagePackages, installScript, missingOf } from '../../clusters/install.js';

describe('installing a system on existing machines', () => {
  it('reads the Debian packages of the node image\'s runtime stage and of a system image', async () => {
    expect(await imagePackages('etcd')).toEqual(['iptables', 'iproute2', 'procps', 'faketime', 'netcat-openbsd', 'python3-minimal', 'ca-certificates', 'coreutils', 'libnetfilter-queue1', 'python3-fusepy', 'fuse', 'etcd-server']);
    expect(await imagePackages('jvm')).toContain('zookeeper');
    expect(dockerfilePackages('FROM a\nRUN apt-get install -y gcc\nFROM b\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n  foo bar-1 \\\n && rm -rf x')).toEqual(['foo', 'bar-1']);
  });

  it('installs only what dpkg says is missing, with quoted names', () => {
    const s = installScript(['etcd-server', 'faketime']).script;
    expect(s).toContain("for p in etcd-server faketime; do dpkg-query");
    expect(s).toContain('apt-get install -y -q --no-install-recommends $missing');
    expect(() => installScript(['x; rm -rf /'])).toThrow('bad package name');
    expect(missingOf('missing: etcd-server faketime\ninstalled\n')).toEqual(['etcd-server', 'faketime']);
    expect(missingOf('missing:\n')).toEqual([]);
  });
});
