/**
 * A simulated host process that reports odd entries, read through the production session and
 * client: the inventory, the per-VM read and a change's answer each set the odd entry apart, the
 * log says once per read what was odd, and the store shows a VM that became unreadable as such.
 */
import * as assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/logger';
import { HostClient } from '../../../src/host/hostClient';
import { InventoryStore } from '../../../src/host/inventoryStore';
import { ODD, oddScenario } from '../../support/oddScenario';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

const BUILD_AGENT_ID = '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d';
const LEGACY_ID = '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = () => {};
  return { warnings, trace: none, debug: none, info: none, error: none, warn: (m) => warnings.push(m) };
}

describe('a host process that reports odd entries', function () {
  this.timeout(60_000);
  let host: SimulatedHost;
  let log: ReturnType<typeof recordingLogger>;
  let client: HostClient;

  before(() => {
    host = startSimulatedHost({ scenario: oddScenario(), name: 'Odd host' });
  });
  beforeEach(() => {
    log = recordingLogger();
    client = new HostClient(host.session, 'Odd host', log);
  });
  after(() => host.dispose());

  it('reads the inventory with every other entry, and logs each odd one once per read with its raw value', async () => {
    const inventory = await client.inventory();
    assert.ok(inventory.ok, inventory.ok ? '' : inventory.error.message);
    assert.equal(inventory.value.vms.length, 6);
    assert.equal(inventory.value.gpus.length, 2);
    assert.equal(log.warnings.length, 3, log.warnings.join('\n'));
    const vmLine = log.warnings.find((w) => w.includes(ODD.nullNumberVm))!;
    assert.match(vmLine, /^\[Odd host\] VM Build-Agent \(3c7d8e2a-[0-9a-f-]+\), entry \d+ of its list, could not be read/);
    assert.match(vmLine, /MemoryStartup: .*; the host sent null$/);
    assert.ok(log.warnings.some((w) => /^\[Odd host\] GPU Intel device 4680 .*PartitionCount: .*the host sent nothing/.test(w)));
    assert.ok(log.warnings.some((w) => /^\[Odd host\] GPU partition adapter NVIDIA device 2504 partition, .*Id: /.test(w)));
    await client.inventory();
    assert.equal(log.warnings.length, 6, 'a second read logs them again, once');
  });

  it('the per-VM read answers an invalid entry for the odd VM, and a VM for the others', async () => {
    const odd = await client.vmEntry(BUILD_AGENT_ID);
    assert.ok(odd.ok && !odd.value.ok, 'an invalid entry, not a failed call');
    assert.equal(odd.value.invalid.name, ODD.nullNumberVm);
    const plain = await client.vm(LEGACY_ID);
    assert.ok(plain.ok && plain.value.name === 'Legacy-Gen1');
    const refused = await client.vm(BUILD_AGENT_ID);
    assert.ok(!refused.ok && refused.error.id === 'protocol-invalid', 'a caller that needs a VM to act on gets a failure');
    assert.match(refused.error.detail ?? '', /MemoryStartup/);
  });

  it('a change whose answer cannot be read still happened: it answers the unreadable entry, listed once in the store', async () => {
    const store = new InventoryStore();
    await store.load('odd', () => client.inventory());
    const legacy = store.snapshot('odd').inventory!.vms.find((v) => v.id === LEGACY_ID)!;
    const answer = await client.run({ kind: 'configure-vm', vm: legacy, settings: { CheckpointType: 'Disabled' } });
    assert.ok(answer.ok && 'vm' in answer.value && answer.value.vm.checkpointType === 'Disabled', 'a good VM answers as before');
    const agent = { id: BUILD_AGENT_ID, name: ODD.nullNumberVm };
    const changed = await client.run({ kind: 'configure-vm', vm: agent, settings: { CheckpointType: 'Disabled' } });
    assert.ok(changed.ok && 'unreadable' in changed.value, 'the change succeeded; its answer is the unreadable entry');
    store.markVmUnreadable('odd', BUILD_AGENT_ID, changed.value.unreadable);
    const unreadable = store.snapshot('odd').inventory!.invalid.filter((e) => e.kind === 'vm');
    assert.deepEqual(
      unreadable.map((e) => e.id),
      [BUILD_AGENT_ID],
      'listed once, not once per read',
    );
  });

  it('a VM whose per-VM read becomes unreadable leaves the VMs actions work on, listed under its id, and comes back when read well', async () => {
    const store = new InventoryStore();
    await store.load('odd', () => client.inventory());
    const legacy = await client.vmEntry(LEGACY_ID);
    assert.ok(legacy.ok && legacy.value.ok);
    const odd = {
      kind: 'vm' as const,
      index: 0,
      name: null,
      id: null,
      problems: [{ path: 'Generation', message: 'odd', raw: '"two"' }],
      moreProblems: 0,
    };
    store.applyVmEntry('odd', LEGACY_ID, { ok: false, invalid: odd });
    let inventory = store.snapshot('odd').inventory!;
    assert.equal(
      inventory.vms.some((v) => v.id === LEGACY_ID),
      false,
    );
    assert.ok(inventory.invalid.some((e) => e.kind === 'vm' && e.id === LEGACY_ID));
    store.applyVmEntry('odd', LEGACY_ID, legacy.value);
    inventory = store.snapshot('odd').inventory!;
    assert.ok(
      inventory.vms.some((v) => v.id === LEGACY_ID),
      'read well again, it is back among the VMs',
    );
    assert.equal(
      inventory.invalid.some((e) => e.id === LEGACY_ID),
      false,
    );
  });
});
