import * as assert from 'node:assert/strict';
import { parseTargetRef } from '../../../src/core/targetRef';

const VM_ID = '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c';
const GPU = '\\\\?\\PCI#VEN_10DE&DEV_2504#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';

describe('target references: what a command acts on, from a row or from plain data', () => {
  it('reads a host, a VM, a VM with one adapter and a GPU from plain data', () => {
    assert.deepEqual(parseTargetRef({ hostId: 'h1' }), { kind: 'host', hostId: 'h1' });
    assert.deepEqual(parseTargetRef({ hostId: 'h1', vmId: VM_ID }), { kind: 'vm', hostId: 'h1', vmId: VM_ID });
    assert.deepEqual(parseTargetRef({ hostId: 'h1', vmId: VM_ID, adapterId: 'Microsoft:X' }), {
      kind: 'vm',
      hostId: 'h1',
      vmId: VM_ID,
      adapterId: 'Microsoft:X',
    });
    assert.deepEqual(parseTargetRef({ hostId: 'h1', instancePath: GPU }), { kind: 'gpu', hostId: 'h1', instancePath: GPU });
  });

  it('reads the reference a row carries, whatever else the row holds', () => {
    const row = { id: 'host/h1/vm/x', ref: { hostId: 'h1', vmId: VM_ID }, vm: { name: 'GPU-Workstation' }, treeItem: () => ({}) };
    assert.deepEqual(parseTargetRef(row), { kind: 'vm', hostId: 'h1', vmId: VM_ID });
  });

  it('refuses what names no host, or a VM and a GPU at once, or an adapter without its VM', () => {
    for (const value of [
      undefined,
      null,
      'h1',
      42,
      {},
      { hostId: '' },
      { hostId: 7 },
      { vmId: VM_ID },
      { hostId: 'h1', vmId: VM_ID, instancePath: GPU },
      { hostId: 'h1', adapterId: 'Microsoft:X' },
      { ref: 'h1' },
    ])
      assert.equal(parseTargetRef(value), undefined, JSON.stringify(value));
  });
});
