import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UINT64_MAX } from '../../../src/core/model';
import { ensureGuestDisk } from '../../../src/simulator/disks/guestCopies';
import { ensureHostDriver } from '../../../src/simulator/disks/hostDriverFiles';
import { guestHostDriverStoreDir, hostDriverStoreDir } from '../../../src/simulator/disks/layout';
import { readStateFile, StateStore, statePath } from '../../../src/simulator/persistence/stateStore';
import { resolveScenario } from '../../../src/simulator/scenarios/resolveScenario';
import { removeTempDirs, tempDir, vmByName } from './helpers';

describe('simulator persistence', () => {
  after(removeTempDirs);

  it('initialises state.json and the disks from the scenario the first time', () => {
    const dir = tempDir();
    StateStore.open(dir, resolveScenario('win11-workstation'));
    const stored = readStateFile(dir)!;
    assert.equal(stored.scenario, 'win11-workstation');
    assert.equal(stored.host.vms.length, 7);
    assert.ok(existsSync(hostDriverStoreDir(dir)));
    const ready = stored.host.vms.find((vm) => vm.name === 'GPU-Workstation')!;
    // Driver files are written lazily: the guest's starting copy (and the host package it copies) on the first read of its disk.
    assert.ok(!existsSync(join(hostDriverStoreDir(dir), 'nv_dispi.inf_amd64_4bf4c17fa8a478b5')));
    ensureGuestDisk(dir, ready.vmId);
    assert.ok(existsSync(join(hostDriverStoreDir(dir), 'nv_dispi.inf_amd64_4bf4c17fa8a478b5', 'nvlddmkm.sys')));
    assert.ok(existsSync(join(guestHostDriverStoreDir(dir, ready.vmId), 'nv_dispi.inf_amd64_4bf4c17fa8a478b5', 'nvlddmkm.sys')));
  });

  it('round-trips UInt64 values exactly through state.json (2^64-1 written as a plain number)', () => {
    const dir = tempDir();
    const store = StateStore.open(dir, resolveScenario('win11-workstation'));
    const vm = vmByName(store.current(), 'Build-Agent');
    const added = store.mutate((model) =>
      model.addAdapter(vm.vmId, { settings: { MaxPartitionEncode: UINT64_MAX, OptimalPartitionEncode: UINT64_MAX - 1n } }),
    );
    assert.equal(added.ok, true);
    assert.match(readFileSync(statePath(dir), 'utf8'), /"MaxPartitionEncode": 18446744073709551615,/);
    const reopened = StateStore.open(dir, resolveScenario('win11-workstation'));
    const adapter = vmByName(reopened.current(), 'Build-Agent').adapters[0]!;
    assert.equal(adapter.settings.MaxPartitionEncode, 18446744073709551615n);
    assert.equal(adapter.settings.OptimalPartitionEncode, 18446744073709551614n);
    assert.equal(reopened.current().state.gpus[0]!.totals.Encode, UINT64_MAX);
  });

  it('writes atomically: no temporary files are left beside state.json', () => {
    const dir = tempDir();
    const store = StateStore.open(dir, resolveScenario('win11-workstation'));
    const vm = vmByName(store.current(), 'Build-Agent');
    for (let i = 0; i < 5; i++) store.mutate((model) => model.setVm(vm.vmId, { processorCount: i + 1 }));
    assert.deepEqual(readdirSync(dir).sort(), ['disks', 'state.json']);
  });

  it('a refused rule leaves state.json untouched', () => {
    const dir = tempDir();
    const store = StateStore.open(dir, resolveScenario('win11-workstation'));
    const before = readFileSync(statePath(dir), 'utf8');
    const running = vmByName(store.current(), 'GPU-Workstation');
    const result = store.mutate((model) => model.setVm(running.vmId, { highMemoryMappedIoSpace: 1n }));
    assert.equal(result.ok, false);
    assert.equal(readFileSync(statePath(dir), 'utf8'), before);
  });

  it('keeps an existing state made from the same scenario (changes survive a restart)', () => {
    const dir = tempDir();
    const store = StateStore.open(dir, resolveScenario('win11-workstation'));
    const vm = vmByName(store.current(), 'Build-Agent');
    store.mutate((model) => model.startVm(vm.vmId));
    const again = StateStore.open(dir, resolveScenario('win11-workstation'));
    assert.equal(vmByName(again.current(), 'Build-Agent').state, 'Running');
  });

  it('reinitialises state and disks when the directory holds a state of another scenario', () => {
    const dir = tempDir();
    const first = StateStore.open(dir, resolveScenario('win11-workstation'));
    ensureGuestDisk(dir, first.current().state.vms.find((vm) => vm.name === 'GPU-Workstation')!.vmId);
    assert.ok(existsSync(join(hostDriverStoreDir(dir), 'nv_dispi.inf_amd64_4bf4c17fa8a478b5')));
    const store = StateStore.open(dir, resolveScenario('win10-laptop'));
    assert.equal(store.current().state.name, 'win10-laptop');
    assert.equal(readStateFile(dir)!.scenario, 'win10-laptop');
    assert.equal(existsSync(join(hostDriverStoreDir(dir), 'nv_dispi.inf_amd64_4bf4c17fa8a478b5')), false, 'the old host disk is gone');
    ensureHostDriver(
      dir,
      store.current().state.gpus.find((gpu) => gpu.driverPackage === 'iigd_dch.inf_amd64_ea63d1eddd5853b5')!,
    );
    assert.ok(existsSync(join(hostDriverStoreDir(dir), 'iigd_dch.inf_amd64_ea63d1eddd5853b5')));
  });

  it('keeps whatever state exists when no scenario is asked for (GPUPV_SIM_SCENARIO unset)', () => {
    const dir = tempDir();
    StateStore.open(dir, resolveScenario('server2025-sriov'));
    const store = StateStore.open(dir, resolveScenario(undefined), { adoptExisting: true });
    assert.equal(store.current().state.name, 'server2025-sriov');
    assert.equal(
      StateStore.open(tempDir(), resolveScenario(undefined), { adoptExisting: true }).current().state.name,
      'win11-workstation',
      'a new directory starts from the default',
    );
  });

  it('re-reads state.json when another writer changed it', () => {
    const dir = tempDir();
    const store = StateStore.open(dir, resolveScenario('win11-workstation'));
    assert.equal(store.current().state.host.elevated, true);
    const text = readFileSync(statePath(dir), 'utf8').replace('"elevated": true', '"elevated": false');
    writeFileSync(statePath(dir), text);
    assert.equal(store.current().state.host.elevated, false);
  });

  it('reports a damaged state.json instead of overwriting it', () => {
    const dir = tempDir();
    const store = StateStore.open(dir, resolveScenario('win11-workstation'));
    writeFileSync(statePath(dir), '{"format": 1, "scenario": "win11-workstation", "host": {"name": "x"}}');
    assert.throws(() => store.current(), /not a valid simulator state/);
    assert.throws(() => StateStore.open(dir, resolveScenario('win11-workstation')), /not a valid simulator state/);
  });
});
