import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { faultsPath, FaultFileError, readFaults, takeFault, writeFaults, type Fault } from '../../../src/simulator/faults/faults';
import { removeTempDirs, tempDir } from './helpers';

describe('simulator fault file', () => {
  after(removeTempDirs);

  it('writeFaults validates and writes; readFaults reads the same list back', () => {
    const dir = tempDir();
    const faults: Fault[] = [
      { operation: 'Get-Inventory', kind: 'delay', ms: 50 },
      { kind: 'error', catalogId: 'gpup-blocks-operation', times: 2 },
    ];
    writeFaults(dir, faults);
    assert.deepEqual(readFaults(dir), faults);
  });

  it('writeFaults rejects an unknown kind or catalogue id', () => {
    const dir = tempDir();
    assert.throws(() => writeFaults(dir, [{ kind: 'explode' } as unknown as Fault]), FaultFileError);
    assert.throws(() => writeFaults(dir, [{ kind: 'error', catalogId: 'no-such-id' }]), /errors\.catalog\.json/);
  });

  it('takeFault consumes the first fault matching the operation, counting down times', () => {
    const dir = tempDir();
    writeFaults(dir, [
      { operation: 'Get-HostFacts', kind: 'hang' },
      { operation: '*', kind: 'stderr', times: 2 },
    ]);
    assert.equal(takeFault(dir, 'Get-Inventory')!.kind, 'stderr');
    assert.deepEqual(readFaults(dir), [
      { operation: 'Get-HostFacts', kind: 'hang' },
      { operation: '*', kind: 'stderr', times: 1 },
    ]);
    assert.equal(takeFault(dir, 'Get-HostFacts')!.kind, 'hang');
    assert.equal(takeFault(dir, 'Get-HostFacts')!.kind, 'stderr');
    assert.equal(takeFault(dir, 'Get-HostFacts'), null);
    assert.equal(existsSync(faultsPath(dir)), false, 'the file goes once every fault is used');
  });

  it('a fault without operation matches any call', () => {
    const dir = tempDir();
    writeFaults(dir, [{ kind: 'crash' }]);
    assert.equal(takeFault(dir, 'Get-VmInventory')!.kind, 'crash');
  });

  it('takeFault with no faults.json returns null', () => {
    assert.equal(takeFault(tempDir(), 'Get-Inventory'), null);
  });

  it('reports a hand-written faults.json that is not valid', () => {
    const dir = tempDir();
    writeFileSync(faultsPath(dir), '[{"kind": "delay", "ms": -1}]');
    assert.throws(() => takeFault(dir, 'Get-Inventory'), FaultFileError);
  });
});
