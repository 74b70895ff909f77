/** The pure parts of the driver sync: the plan's quick check, stale packages, the rollback, drift and progress text. */
import * as assert from 'node:assert/strict';
import { driverDrift } from '../../../src/core/drivers/sync/drift';
import { guestSnapshot } from '../../../src/core/drivers/sync/guestSnapshot';
import type { HostDriverSnapshot } from '../../../src/core/drivers/sync/hostSnapshot';
import { rollbackSteps, type SyncJournal } from '../../../src/core/drivers/sync/journal';
import { writeManifest, type DriverManifest } from '../../../src/core/drivers/sync/manifest';
import { describeProgress } from '../../../src/core/drivers/sync/progress';
import { planSync } from '../../../src/core/drivers/sync/syncPlan';
import type { RawGuestDriverStore } from '../../../src/core/normalize/driverSync';
import type { PartitionableGpu, VirtualMachine } from '../../../src/core/model';

const PKG = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';
const REPO = 'System32\\HostDriverStore\\FileRepository';
const HASH = 'A'.repeat(64);
const RUN = 'run-20261130190000000';

function host(files: Record<string, [bigint, bigint]>): HostDriverSnapshot {
  return {
    gpus: [{ instancePath: 'GPU0', deviceName: 'RTX', driverVersion: '32.0.15.6094', packages: [PKG] }],
    packages: [
      {
        name: PKG,
        files: Object.entries(files).map(([path, [length, writeTime]]) => ({
          source: `C:\\Windows\\System32\\DriverStore\\FileRepository\\${PKG}\\${path}`,
          path,
          length,
          writeTime,
        })),
      },
    ],
    looseFiles: [],
    skipped: [],
  };
}

function manifest(files: Record<string, [bigint, bigint]>): DriverManifest {
  return {
    format: 'gpupv-driver-manifest',
    version: 1,
    syncedAt: '2026-11-30T00:00:00Z',
    mode: 'Offline',
    gpus: [{ instancePath: 'GPU0', deviceName: 'RTX', driverVersion: '32.0.15.6094', packages: [PKG] }],
    packages: [
      { name: PKG, files: Object.entries(files).map(([path, [length, hostWriteTime]]) => ({ path, length, sha256: HASH, hostWriteTime })) },
    ],
    looseFiles: [],
    pendingRemoval: [],
  };
}

function guest(options: {
  manifest?: string | null;
  journal?: string | null;
  folders?: string[];
  files?: Record<string, bigint>;
}): ReturnType<typeof guestSnapshot> {
  const entries: RawGuestDriverStore['Entries'] = [
    ...(options.folders ?? []).map((Path) => ({ Path, Directory: true, Length: null })),
    ...Object.entries(options.files ?? {}).map(([Path, Length]) => ({ Path, Directory: false, Length })),
  ];
  return guestSnapshot({
    Mode: 'Offline',
    Volume: null,
    Manifest: options.manifest ?? null,
    Journal: options.journal ?? null,
    Oversized: [],
    Entries: entries,
    LooseFiles: [],
  });
}

const inGuest = (path: string): string => `${REPO}\\${PKG}\\${path}`;

describe('driver sync plan', () => {
  const files = { 'a.dll': [100n, 1n] as [bigint, bigint], 'b.dll': [200n, 2n] as [bigint, bigint] };

  it('an empty guest: the package is new and every file is copied', () => {
    const plan = planSync(host(files), guest({}), RUN);
    assert.equal(plan.packages[0]!.kind, 'new');
    assert.equal(plan.copyFiles, 2);
    assert.equal(plan.copyBytes, 300n);
    assert.equal(plan.inSync, false);
  });

  it('same lengths and write times as the manifest, guest lengths intact: in sync, nothing copied', () => {
    const plan = planSync(
      host(files),
      guest({
        manifest: writeManifest(manifest(files)),
        folders: [`${REPO}\\${PKG}`],
        files: { [inGuest('a.dll')]: 100n, [inGuest('b.dll')]: 200n },
      }),
      RUN,
    );
    assert.equal(plan.inSync, true);
    assert.deepEqual(plan.unchangedPackages, [PKG]);
  });

  it('a host file with a new write time, or a guest file of another length, is copied; the rest is linked', () => {
    const changedOnHost = planSync(
      host({ ...files, 'b.dll': [200n, 3n] }),
      guest({
        manifest: writeManifest(manifest(files)),
        folders: [`${REPO}\\${PKG}`],
        files: { [inGuest('a.dll')]: 100n, [inGuest('b.dll')]: 200n },
      }),
      RUN,
    );
    assert.deepEqual(
      changedOnHost.packages[0]!.copy.map((c) => c.file.path),
      ['b.dll'],
    );
    assert.deepEqual(
      changedOnHost.packages[0]!.link.map((l) => l.to),
      [`System32\\HostDriverStore\\.gpupv-sync\\${RUN}\\staging\\${PKG}\\a.dll`],
    );
    const truncatedInGuest = planSync(
      host(files),
      guest({
        manifest: writeManifest(manifest(files)),
        folders: [`${REPO}\\${PKG}`],
        files: { [inGuest('a.dll')]: 10n, [inGuest('b.dll')]: 200n },
      }),
      RUN,
    );
    assert.deepEqual(
      truncatedInGuest.packages[0]!.copy.map((c) => c.file.path),
      ['a.dll'],
    );
  });

  it('an extra file in the guest copy makes the package replaced (staged without it)', () => {
    const plan = planSync(
      host(files),
      guest({
        manifest: writeManifest(manifest(files)),
        folders: [`${REPO}\\${PKG}`],
        files: { [inGuest('a.dll')]: 100n, [inGuest('b.dll')]: 200n, [inGuest('junk.tmp')]: 5n },
      }),
      RUN,
    );
    assert.equal(plan.packages[0]!.kind, 'replace');
    assert.equal(plan.copyFiles, 0);
    assert.equal(plan.linkFiles, 2);
  });

  it('a folder of the same name without a manifest, or an unreadable manifest, is copied again in full, with a note', () => {
    const unmanaged = planSync(host(files), guest({ folders: [`${REPO}\\${PKG}`], files: { [inGuest('a.dll')]: 100n } }), RUN);
    assert.equal(unmanaged.packages[0]!.kind, 'replace');
    assert.equal(unmanaged.copyFiles, 2);
    const unreadable = planSync(host(files), guest({ manifest: '{"format": "something else"}', folders: [`${REPO}\\${PKG}`] }), RUN);
    assert.equal(unreadable.copyFiles, 2);
    assert.match(unreadable.notes.join(' '), /unreadable/);
  });

  it("stale packages: the same INF with another hash goes, another vendor's hand-made copy stays", () => {
    const plan = planSync(
      host(files),
      guest({ folders: [`${REPO}\\nv_dispi.inf_amd64_0000111122223333`, `${REPO}\\iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1`] }),
      RUN,
    );
    assert.deepEqual(plan.removals, [{ name: 'nv_dispi.inf_amd64_0000111122223333', reason: 'replaced-by-update' }]);
  });

  it('a package an online sync left in use (pendingRemoval) is removed by the next sync, whatever its name', () => {
    const kept = 'u0409999.inf_amd64_1111222233334444';
    const plan = planSync(
      host(files),
      guest({
        manifest: writeManifest({ ...manifest(files), pendingRemoval: [kept] }),
        folders: [`${REPO}\\${PKG}`, `${REPO}\\${kept}`],
        files: { [inGuest('a.dll')]: 100n, [inGuest('b.dll')]: 200n },
      }),
      RUN,
    );
    assert.deepEqual(plan.removals, [{ name: kept, reason: 'not-on-host' }]);
  });

  it('a package the last manifest listed and the host no longer has is removed', () => {
    const other = 'u0401234.inf_amd64_aaaabbbbccccdddd';
    const old = { ...manifest(files), packages: [...manifest(files).packages, { name: other, files: [] }] };
    const plan = planSync(
      host(files),
      guest({
        manifest: writeManifest(old),
        folders: [`${REPO}\\${PKG}`, `${REPO}\\${other}`],
        files: { [inGuest('a.dll')]: 100n, [inGuest('b.dll')]: 200n },
      }),
      RUN,
    );
    assert.deepEqual(plan.removals, [{ name: other, reason: 'not-on-host' }]);
  });
});

describe('driver sync rollback', () => {
  const journal: SyncJournal = {
    format: 'gpupv-sync-journal',
    version: 1,
    startedAt: '',
    run: RUN,
    previousManifest: 'OLD',
    packages: [
      { name: 'new.inf_amd64_1111111111111111', kind: 'new' },
      { name: 'same.inf_amd64_2222222222222222', kind: 'replace' },
      { name: 'gone.inf_amd64_3333333333333333', kind: 'remove' },
    ],
    loose: [{ path: 'System32\\nvapi64.dll', existed: true }],
  };
  const W = `System32\\HostDriverStore\\.gpupv-sync\\${RUN}`;

  it('interrupted before anything moved: only the previous manifest is put back and the journal removed', () => {
    const steps = rollbackSteps(
      journal,
      guest({
        folders: [`${W}\\staging\\new.inf_amd64_1111111111111111`, `${W}\\staging\\same.inf_amd64_2222222222222222`],
        files: { [`${W}\\staging-loose\\System32\\nvapi64.dll`]: 1n },
      }),
    );
    assert.deepEqual(
      steps.map((s) => s.Op),
      ['Write', 'Remove'],
    );
  });

  it('interrupted after everything moved: new folders out, old ones and the backed-up loose file back', () => {
    const steps = rollbackSteps(
      journal,
      guest({
        folders: [`${W}\\old\\same.inf_amd64_2222222222222222`, `${W}\\old\\gone.inf_amd64_3333333333333333`],
        files: { [`${W}\\backup\\System32\\nvapi64.dll`]: 1n },
      }),
    );
    const text = steps.map((s) =>
      s.Op === 'Move'
        ? `Move ${s.From} -> ${s.To}`
        : s.Op === 'Remove'
          ? `Remove ${s.Path}`
          : s.Op === 'Write'
            ? `Write ${s.Path}`
            : `Link ${s.From}`,
    );
    assert.deepEqual(text, [
      'Remove System32\\nvapi64.dll',
      `Move ${W}\\backup\\System32\\nvapi64.dll -> System32\\nvapi64.dll`,
      `Remove ${REPO}\\new.inf_amd64_1111111111111111`,
      `Remove ${REPO}\\same.inf_amd64_2222222222222222`,
      `Move ${W}\\old\\same.inf_amd64_2222222222222222 -> ${REPO}\\same.inf_amd64_2222222222222222`,
      `Move ${W}\\old\\gone.inf_amd64_3333333333333333 -> ${REPO}\\gone.inf_amd64_3333333333333333`,
      'Write System32\\HostDriverStore\\gpupv-manifest.json',
      'Remove System32\\HostDriverStore\\.gpupv-sync\\journal.json',
    ]);
  });
});

describe('driver drift and progress text', () => {
  const gpu = (instancePath: string, driverVersion: string): PartitionableGpu =>
    ({ instancePath, driverVersion, friendlyName: instancePath }) as PartitionableGpu;
  const vm = (adapters: (string | null)[], driverSync: VirtualMachine['driverSync']): VirtualMachine =>
    ({ adapters: adapters.map((instancePath) => ({ instancePath })), driverSync }) as unknown as VirtualMachine;
  const record = (version: string, instancePath: string | null = 'GPU-A'): VirtualMachine['driverSync'] => ({
    SyncedAt: '2026-11-30T10:00:00Z',
    Mode: 'Offline',
    Gpus: [{ InstancePath: instancePath, DriverVersion: version, Packages: [PKG] }],
  });

  it('no adapter: no-gpu; never synced; in sync; a host update drifts; an adapter without instance path uses the first GPU', () => {
    const gpus = [gpu('GPU-A', '32.0.15.6094'), gpu('GPU-B', '31.0.1.1')];
    assert.equal(driverDrift(vm([], null), gpus).kind, 'no-gpu');
    assert.equal(driverDrift(vm(['GPU-A'], null), gpus).kind, 'never-synced');
    assert.equal(driverDrift(vm(['gpu-a'], record('32.0.15.6094')), gpus).kind, 'in-sync');
    const drift = driverDrift(vm(['GPU-A'], record('32.0.15.5000')), gpus);
    assert.equal(drift.kind, 'drifted');
    assert.equal(driverDrift(vm([null], record('32.0.15.6094', null)), gpus).kind, 'in-sync');
    assert.equal(driverDrift(vm(['GPU-A', 'GPU-B'], record('32.0.15.6094')), gpus).kind, 'drifted', 'the second GPU was never synced');
  });

  it('progress text: files, bytes, rate and time left while copying', () => {
    const text = describeProgress(
      { phase: 'staging', filesDone: 100, filesTotal: 400, bytesDone: 256n * 1024n * 1024n, bytesTotal: 1024n * 1024n * 1024n },
      2000,
    );
    assert.match(text, /100 of 400 files/);
    assert.match(text, /\/s/);
    assert.match(text, /6 s left/);
  });
});
