/** What the manifest tells a user in the Settings editor says all there is: each host kind of gpupv.hosts. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../simulator/helpers';

interface HostsSetting {
  readonly markdownDescription: string;
  readonly items: { readonly properties: { readonly kind: { readonly enum: readonly string[] } } };
}

function read<T>(file: string): T {
  return JSON.parse(readFileSync(join(repoRoot(), file), 'utf8')) as T;
}

describe('the gpupv.hosts setting in the manifest', () => {
  const manifest = read<{ contributes: { configuration: { properties: Record<string, HostsSetting> } } }>('package.json');
  const strings = read<Record<string, string>>('package.nls.json');
  const setting = manifest.contributes.configuration.properties['gpupv.hosts']!;
  const description = strings[/^%(.+)%$/.exec(setting.markdownDescription)![1]!]!;

  it('describes every kind an entry can have, with an example of each', () => {
    const kinds = setting.items.properties.kind.enum;
    assert.deepEqual([...kinds].sort(), ['cluster', 'local', 'remote', 'simulated']);
    for (const kind of kinds) assert.ok(description.includes(`{ "kind": "${kind}"`), `no example of "${kind}" in: ${description}`);
  });
});
