/**
 * The bundles that run in Node (the extension in VS Code's extension host, the simulated host) never
 * touch the global `navigator`: Node 21 made it a global, and VS Code's extension host logs every
 * read of it as a PendingMigrationError, which users see as an error at each activation.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installVscodeStub } from '../../support/vscodeStub';
import { repoRoot } from '../simulator/helpers';

const bundle = (name: string) => join(repoRoot(), 'dist', name);

describe('Node bundles (dist/, built by scripts/build.mjs)', () => {
  it('loading dist/extension.js reads no global navigator (VS Code would log a PendingMigrationError)', () => {
    const reads: string[] = [];
    const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      get() {
        reads.push(new Error('navigator read').stack ?? '');
        return undefined;
      },
    });
    const restore = installVscodeStub();
    const file = bundle('extension.js');
    try {
      const load = createRequire(__filename);
      delete load.cache[load.resolve(file)];
      const extension = load(file) as { activate?: unknown };
      assert.equal(typeof extension.activate, 'function');
    } finally {
      restore();
      if (previous) Object.defineProperty(globalThis, 'navigator', previous);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
    assert.deepEqual(reads, [], 'the bundle read navigator while loading');
  });

  for (const name of ['extension.js', 'simulator.js']) {
    it(`dist/${name} has no reference to navigator left for a later call to read`, () => {
      const text = readFileSync(bundle(name), 'utf8');
      const uses = text.split('\n').filter((line) => /\bnavigator\b/.test(line));
      assert.deepEqual(uses, []);
    });
  }
});
