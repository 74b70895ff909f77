/**
 * The panel's page draws every string (device names the guest chose among them) with textContent
 * and DOM nodes only: nothing a host or a guest sends can become markup or script.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/simulatedHost';

describe('the panel page draws text as text', () => {
  it('uses no HTML-parsing DOM API anywhere in webview/', () => {
    const dir = join(REPO_ROOT, 'webview');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(sources.includes('main.ts'));
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(
        text,
        /\.(?:innerHTML|outerHTML|insertAdjacentHTML|srcdoc)\b|document\.write|DOMParser|createContextualFragment|\bnew Function\b|\beval\(/,
        file,
      );
    }
    // Its one element helper appends children as nodes or text, never as markup.
    const main = readFileSync(join(dir, 'main.ts'), 'utf8');
    assert.match(main, /for \(const c of children\) if \(c\) node\.append\(c\);/);
  });
});
