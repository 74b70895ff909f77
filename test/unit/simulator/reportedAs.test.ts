/** A scenario's `reportedAs`: the simulated host prints an entry oddly while its model and rules stay as they are. */
import assert from 'node:assert/strict';
import type { JsonValue } from '../../../src/core/json/losslessJson';
import { answerCall } from '../../../src/simulator/operations/answerCall';
import { scenarioModel, vmByName } from './helpers';

type JsonObject = { [key: string]: JsonValue };

describe('simulator: entries reported oddly', () => {
  const model = () =>
    scenarioModel('win11-workstation', (state) => {
      const vm = state.vms.find((v) => v.name === 'Build-Agent')!;
      vm.reportedAs = { set: { MemoryStartup: null, Extra: 'x' }, omit: ['Generation'] };
      state.vms.find((v) => v.name === 'GPU-Workstation')!.adapters[0]!.reportedAs = { set: {}, omit: ['Id'] };
      state.gpus[1]!.reportedAs = { set: { PartitionCount: 'thirty-two' }, omit: [] };
    });

  it('replaces, adds and leaves out properties in Get-Inventory’s answer, for VMs, adapters and GPUs', () => {
    const envelope = answerCall(model(), 'Get-Inventory', {});
    assert.ok(envelope.ok);
    const result = envelope.result as { VMs: JsonObject[]; Gpus: JsonObject[] };
    const agent = result.VMs.find((v) => v.Name === 'Build-Agent')!;
    assert.equal(agent.MemoryStartup, null);
    assert.equal(agent.Extra, 'x');
    assert.equal('Generation' in agent, false);
    const workstation = result.VMs.find((v) => v.Name === 'GPU-Workstation')!;
    assert.equal('Id' in (workstation.GpuPartitionAdapters as JsonObject[])[0]!, false);
    assert.equal(result.Gpus[1]!.PartitionCount, 'thirty-two');
    assert.equal(result.Gpus[0]!.PartitionCount, 32, 'the other GPU prints as before');
  });

  it('prints the same oddity in the answer to a change, and the change itself follows the model’s rules', () => {
    const m = model();
    const agent = vmByName(m, 'Build-Agent');
    const envelope = answerCall(m, 'Set-VmGpuPvSettings', { VMId: agent.vmId, Settings: { CheckpointType: 'Disabled' } });
    assert.ok(envelope.ok);
    assert.equal((envelope.result as JsonObject).MemoryStartup, null);
    assert.equal(vmByName(m, 'Build-Agent').checkpointType, 'Disabled');
    assert.equal(vmByName(m, 'Build-Agent').memoryStartup, 4294967296n, 'the model keeps its own value');
  });
});
