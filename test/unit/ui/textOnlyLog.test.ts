/** The log channel the extension writes to turns every message into plain text and leaves the rest of the channel alone. */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { textOnlyLog } from '../../../src/ui/textOnlyLog';

describe('the text-only log channel', () => {
  it('writes plain text through every writer, and passes the rest through to the channel', () => {
    const written: string[] = [];
    let shown = false;
    const record = (level: string) => (message: unknown) => written.push(`${level}: ${String(message)}`);
    const channel = {
      name: 'Hyper-V GPU-PV',
      trace: record('trace'),
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      appendLine: record('line'),
      show() {
        shown = true;
      },
    } as unknown as vscode.LogOutputChannel;
    const log = textOnlyLog(channel);
    log.info('device \u001b[31mred\u001b[0m\nforged line');
    log.error(new Error('bad\u0007'));
    log.appendLine('x'.repeat(5000));
    log.show(true);
    assert.deepEqual(written.slice(0, 2), ['info: device red ⏎ forged line', 'error: bad\uFFFD']);
    assert.match(written[2]!, /^line: x{4000}… \(1000 more characters\)$/);
    assert.equal(shown, true);
    assert.equal(log.name, 'Hyper-V GPU-PV');
  });
});
