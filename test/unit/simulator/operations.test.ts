import assert from 'node:assert/strict';
import type { Envelope } from '../../../src/host/protocol';
import { OPERATIONS } from '../../../src/host/protocol';
import { answerCall } from '../../../src/simulator/operations/answerCall';
import { scenarioModel } from './helpers';

function failure(envelope: Envelope) {
  if (envelope.ok) assert.fail('expected an error envelope');
  return envelope.error;
}

describe('simulator operations (Invoke-GpuPv dispatch)', () => {
  it('Get-HostFacts answers the facts in the protocol shape', () => {
    const envelope = answerCall(scenarioModel('win11-workstation'), 'Get-HostFacts', {});
    assert.equal(envelope.ok, true);
    const facts = OPERATIONS['Get-HostFacts'].result.parse(envelope.ok && envelope.result);
    assert.deepEqual(facts, {
      ComputerName: 'GPU-WORKSTATION',
      OsCaption: 'Microsoft Windows 11 Pro',
      OsBuild: 26100,
      OsEdition: 'Professional',
      PSVersion: '7.4.6',
      PSEdition: 'Core',
      HyperVModule: true,
      Elevated: true,
      HyperVAdministrator: false,
      InventoryCmdlet: 'Get-VMHostPartitionableGpu',
      SupportsInstancePath: true,
    });
  });

  it('Get-VmInventory answers one VM by VMId (any case), vm-not-found otherwise', () => {
    const model = scenarioModel('win11-workstation');
    const envelope = answerCall(model, 'Get-VmInventory', { VMId: '5B1E6A3C-2F4D-4E8A-9C7B-0D1E2F3A4B5C' });
    const entry = OPERATIONS['Get-VmInventory'].result.parse(envelope.ok && envelope.result);
    assert.ok(entry.ok, 'the VM parses');
    assert.equal(entry.value.Name, 'GPU-Workstation');
    assert.equal(entry.value.GpuPartitionAdapters.ok.length, 1);
    const missing = failure(answerCall(model, 'Get-VmInventory', { VMId: '11111111-2222-4333-8444-555555555555' }));
    assert.equal(missing.id, 'vm-not-found');
    assert.equal(missing.message, 'Hyper-V was unable to find a virtual machine with ID "11111111-2222-4333-8444-555555555555".');
    assert.equal(missing.category, 'ObjectNotFound');
  });

  it('refuses an unknown operation with id unknown-operation', () => {
    const error = failure(answerCall(scenarioModel('win11-workstation'), 'Remove-Everything', {}));
    assert.equal(error.id, 'unknown-operation');
    assert.match(error.message, /Remove-Everything/);
  });

  it('refuses arguments the protocol schema rejects with id invalid-argument, naming the field', () => {
    const model = scenarioModel('win11-workstation');
    const missing = failure(answerCall(model, 'Get-VmInventory', {}));
    assert.equal(missing.id, 'invalid-argument');
    assert.match(missing.message, /VMId/);
    const extra = failure(answerCall(model, 'Get-Inventory', { Force: true }));
    assert.equal(extra.id, 'invalid-argument');
  });

  it("Get-Inventory without elevation and without Hyper-V Administrators fails with Hyper-V's permission text", () => {
    const model = scenarioModel('win11-workstation', (s) => {
      s.host.elevated = false;
      s.host.hyperVAdministrator = false;
    });
    const error = failure(answerCall(model, 'Get-Inventory', {}));
    assert.equal(error.category, 'PermissionDenied');
    assert.match(error.message, /^You do not have the required permission to complete this task\./);
    assert.equal(failure(answerCall(model, 'Get-VmInventory', { VMId: model.state.vms[0]!.vmId })).category, 'PermissionDenied');
    assert.equal(answerCall(model, 'Get-HostFacts', {}).ok, true, 'Get-HostFacts always works');
  });

  it('a member of Hyper-V Administrators reads the inventory without elevation', () => {
    const model = scenarioModel('win11-workstation', (s) => {
      s.host.elevated = false;
      s.host.hyperVAdministrator = true;
    });
    assert.equal(answerCall(model, 'Get-Inventory', {}).ok, true);
  });

  it('without the Hyper-V module Get-Inventory fails with "The term \'Get-VM\' is not recognized" (id hyperv-missing)', () => {
    const model = scenarioModel('win11-workstation', (s) => {
      s.host.hyperVModule = false;
    });
    const error = failure(answerCall(model, 'Get-Inventory', {}));
    assert.equal(error.id, 'hyperv-missing');
    assert.match(error.message, /^The term 'Get-VM' is not recognized as the name of a cmdlet/);
    const facts = answerCall(model, 'Get-HostFacts', {});
    assert.equal(facts.ok, true);
    const parsed = OPERATIONS['Get-HostFacts'].result.parse(facts.ok && facts.result);
    assert.equal(parsed.HyperVModule, false);
    assert.equal(parsed.InventoryCmdlet, null);
    assert.equal(parsed.SupportsInstancePath, false);
  });

  it('turns an unexpected exception into a hyperv-error envelope instead of throwing', () => {
    const model = scenarioModel('win11-workstation');
    Object.defineProperty(model.state, 'vms', {
      get() {
        throw new Error('vmms.exe went away');
      },
    });
    const error = failure(answerCall(model, 'Get-Inventory', {}));
    assert.equal(error.id, 'hyperv-error');
    assert.equal(error.message, 'vmms.exe went away');
  });
});
