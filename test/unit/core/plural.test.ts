/**
 * Counts read as English: "1 adapter", "2 adapters", never "adapter(s)". One helper says it, and no
 * text a user can see (the extension, the panel, the manifest's strings, the PowerShell module's
 * messages, the simulated host's) falls back to "(s)".
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { plural } from '../../../src/core/format';
import { repoRoot } from '../simulator/helpers';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe('counts in words', () => {
  it('says one thing, several things and no things', () => {
    assert.equal(plural(1, 'adapter'), '1 adapter');
    assert.equal(plural(2, 'adapter'), '2 adapters');
    assert.equal(plural(0, 'VM'), '0 VMs');
    assert.equal(plural(1n, 'partition'), '1 partition');
    assert.equal(plural(3, 'display device'), '3 display devices');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
  });

  it('no user-facing text writes a plural as "(s)"', () => {
    const root = repoRoot();
    const sources = [...files(join(root, 'src')), ...files(join(root, 'webview')), join(root, 'package.nls.json')].filter((file) =>
      /\.(ts|json|psm1|ps1)$/.test(file),
    );
    const found = sources.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(root, file)}:${i + 1}` }))
        // "noun(s)" in a text; a call such as round(s) is followed by ")", "," or ";"
        .filter(({ line }) => /[A-Za-z]\(s\)(?![),;])/.test(line) && !/^\s*(\*|\/\/|#)/.test(line))
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
    assert.deepEqual(found, []);
  });
});
