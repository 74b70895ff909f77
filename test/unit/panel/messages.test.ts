import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/logger';
import { checkPageMessage, describeForLog } from '../../../src/core/panel/messages';
import { PANEL_COMMANDS } from '../../../src/core/panel/panelCommands';
import { createPageRouter } from '../../../src/core/panel/router';

function recorder() {
  const warnings: string[] = [];
  const calls: string[] = [];
  const log: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const route = createPageRouter(
    {
      ready: () => void calls.push('ready'),
      focus: (m) => void calls.push(`focus ${m.focus.kind}`),
      refresh: () => void calls.push('refresh'),
      run: (m) => void calls.push(`run ${m.command} ${m.vmId ?? m.instancePath ?? ''}`),
    },
    log,
  );
  return { warnings, calls, route };
}

describe('panel messages', () => {
  it('accepts the four page messages', async () => {
    const { route, calls, warnings } = recorder();
    assert.equal(await route({ type: 'ready' }), true);
    assert.equal(await route({ type: 'focus', focus: { kind: 'vm', vmId: '8a4f2c1e-7d3b-4e9a-b6c5-1f2e3d4c5b6a' } }), true);
    assert.equal(await route({ type: 'refresh' }), true);
    assert.equal(await route({ type: 'run', command: 'gpupv.setMmio', vmId: '8a4f2c1e-7d3b-4e9a-b6c5-1f2e3d4c5b6a' }), true);
    assert.deepEqual(calls, ['ready', 'focus vm', 'refresh', 'run gpupv.setMmio 8a4f2c1e-7d3b-4e9a-b6c5-1f2e3d4c5b6a']);
    assert.deepEqual(warnings, []);
  });

  const refused: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['no type', { command: 'gpupv.setMmio' }],
    ['an unknown type', { type: 'eval', code: 'alert(1)' }],
    ['a command outside the allow-list', { type: 'run', command: 'workbench.action.terminal.new' }],
    ['a command the tree has but the panel may not run (turn off)', { type: 'run', command: 'gpupv.turnOffVm', vmId: 'x' }],
    ['an extra property', { type: 'ready', extra: true }],
    ['a focus without its id', { type: 'focus', focus: { kind: 'vm' } }],
    ['a focus of an unknown kind', { type: 'focus', focus: { kind: 'file', path: '/etc/passwd' } }],
    ['a non-string VM id', { type: 'run', command: 'gpupv.startVm', vmId: 42 }],
    ['an oversized VM id', { type: 'run', command: 'gpupv.startVm', vmId: 'x'.repeat(10_000) }],
  ];
  for (const [what, message] of refused) {
    it(`rejects ${what}, logs it and runs nothing`, async () => {
      const { route, calls, warnings } = recorder();
      assert.equal(await route(message), false);
      assert.deepEqual(calls, []);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /^Panel: refused a message from the page/);
    });
  }

  it('logs the type of a refused message, never its content', () => {
    assert.equal(describeForLog({ type: 'run', command: 'x', secret: 'hunter2' }), 'type "run"');
    assert.equal(describeForLog('hunter2'), 'string');
    assert.equal(checkPageMessage({ type: 'run', command: 'gpupv.makeReady', vmId: 'v' }).ok, true);
  });

  it('allows only GPU-PV commands, and no command that deletes without asking or cuts power', () => {
    for (const c of PANEL_COMMANDS) assert.match(c, /^gpupv\./);
    assert.ok(!PANEL_COMMANDS.includes('gpupv.turnOffVm' as never));
  });
});
