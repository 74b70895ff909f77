/**
 * Which guest paths a sync touches and which of their components must not be links
 * (src/core/drivers/sync/guestPaths.ts), and how a journal or a manifest written by the guest is
 * refused when it names anything outside the sync's own folders.
 */
import * as assert from 'node:assert/strict';
import { JOURNAL, MANIFEST, STORE, WORK } from '../../../src/core/drivers/sync/guestLayout';
import {
  checksForRead,
  checksForStep,
  checksForWrite,
  componentsOf,
  displayGuestPath,
  pathsOfStep,
  pathsTouched,
  syncScope,
} from '../../../src/core/drivers/sync/guestPaths';
import { link, move, remove, write } from '../../../src/core/drivers/sync/guestSteps';
import { commitSteps, readJournal, rollbackSteps, type SyncJournal } from '../../../src/core/drivers/sync/journal';
import { readManifest } from '../../../src/core/drivers/sync/manifest';
import { guestSnapshot } from '../../../src/core/drivers/sync/guestSnapshot';
import { GUEST_LIMITS } from '../../../src/core/normalize/guestLimits';
import { emptyManifestJson } from '../../support/driverManifest';

const PKG = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';
const RUN = 'run-20250101000000000';
const LOOSE = 'System32\\nvapi64.dll';
const EXAMPLE = { run: RUN, packageName: PKG, file: 'nvldumdx.dll', looseFile: LOOSE };

function journal(overrides: Partial<SyncJournal> = {}): SyncJournal {
  return {
    format: 'gpupv-sync-journal',
    version: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    run: RUN,
    previousManifest: null,
    packages: [{ name: PKG, kind: 'replace' }],
    loose: [{ path: LOOSE, existed: true }],
    ...overrides,
  };
}

describe('guest paths a driver sync touches', () => {
  it('lists the components of a path from the Windows folder down, the path itself last', () => {
    assert.deepEqual(componentsOf('System32\\HostDriverStore\\FileRepository'), [
      '',
      'System32',
      'System32\\HostDriverStore',
      'System32\\HostDriverStore\\FileRepository',
    ]);
    assert.deepEqual(componentsOf(''), ['']);
    assert.equal(displayGuestPath(''), 'Windows');
    assert.equal(displayGuestPath(STORE), 'Windows\\System32\\HostDriverStore');
  });

  it('checks every component of both paths of a move or a hard link, the source file itself included', () => {
    const from = `${STORE}\\FileRepository\\${PKG}\\a.dll`;
    const to = `${WORK}\\${RUN}\\staging\\${PKG}\\a.dll`;
    for (const step of [move(from, to), link(from, to)]) {
      const checks = checksForStep(step);
      assert.equal(checks.removed, null);
      for (const component of [...componentsOf(from), ...componentsOf(to)]) assert.ok(checks.noLink.includes(component), component);
      assert.equal(new Set(checks.noLink).size, checks.noLink.length, 'each component once');
      // A component comes after the folders it lies in: a link is met before anything below it is resolved.
      for (const [i, component] of checks.noLink.entries())
        for (const parent of componentsOf(component).slice(0, -1))
          assert.ok(checks.noLink.indexOf(parent) < i, `${parent} before ${component}`);
    }
  });

  it('checks a write and its temporary file; a removal checks the folders above and removes the path itself without following it', () => {
    assert.deepEqual(checksForStep(write(MANIFEST, '{}')).noLink, [...componentsOf(MANIFEST), `${MANIFEST}.tmp`]);
    const removal = checksForStep(remove(WORK));
    assert.deepEqual(removal.noLink, componentsOf(STORE));
    assert.equal(removal.removed, WORK);
    assert.deepEqual(checksForWrite(`${WORK}\\x`).noLink, componentsOf(`${WORK}\\x`));
  });

  it('reads the manifest, the journal and the loose files only through checked components, and walks the store', () => {
    const read = checksForRead(MANIFEST, JOURNAL, [LOOSE, 'SysWOW64\\nvapi.dll']);
    for (const path of [MANIFEST, JOURNAL, LOOSE, 'SysWOW64\\nvapi.dll'])
      for (const c of componentsOf(path)) assert.ok(read.noLink.includes(c), c);
    assert.equal(read.walked, STORE);
  });

  it('lists every path the sync can touch, each inside its own folders, and every commit and rollback step stays there', () => {
    const touched = pathsTouched(EXAMPLE);
    const inScope = syncScope([LOOSE]);
    for (const { path } of touched) assert.ok(inScope(path), path);
    assert.equal(inScope('System32\\config\\SYSTEM'), false);
    assert.equal(inScope('System32\\HostDriverStoreX'), false);
    const guest = guestSnapshot({ Mode: 'Offline', Manifest: null, Journal: null, Oversized: [], Entries: [], LooseFiles: [] });
    const steps = [...commitSteps(journal(), '{}'), ...rollbackSteps(journal(), guest)];
    for (const step of steps) for (const path of pathsOfStep(step)) assert.ok(inScope(path), path);
  });
});

describe('a journal or manifest the guest wrote', () => {
  const text = (value: unknown): string => JSON.stringify(value);

  it('a journal of this extension is undone', () => {
    const reading = readJournal(text(journal()), [LOOSE]);
    assert.equal(reading.kind, 'valid');
  });

  it('a journal that names a host path, System32\\config, or a package folder outside FileRepository is refused with the path named', () => {
    const cases: [Partial<SyncJournal>, string][] = [
      [
        { loose: [{ path: 'C:\\Windows\\System32\\drivers\\etc\\hosts', existed: true }] },
        "it names 'C:\\Windows\\System32\\drivers\\etc\\hosts', which is not a path inside the guest's Windows folder",
      ],
      [
        { loose: [{ path: 'System32\\config\\SYSTEM', existed: true }] },
        "it names 'System32\\config\\SYSTEM', which is not one of the driver's files the sync manages",
      ],
      [
        { packages: [{ name: '..\\..\\..\\config', kind: 'replace' }] },
        "it names '..\\..\\..\\config' as a package folder, which is not one folder name under FileRepository",
      ],
      [
        { packages: [{ name: 'a\\b', kind: 'new' }] },
        "it names 'a\\b' as a package folder, which is not one folder name under FileRepository",
      ],
    ];
    for (const [overrides, reason] of cases) assert.deepEqual(readJournal(text(journal(overrides)), [LOOSE]), { kind: 'refused', reason });
  });

  it('a journal that is not JSON, of another shape, or larger than the sync reads is refused', () => {
    assert.match((readJournal('{', [LOOSE]) as { reason: string }).reason, /^it is not JSON/);
    assert.match(
      (readJournal(text({ ...journal(), extra: 1 }), [LOOSE]) as { reason: string }).reason,
      /^it is not a journal this extension writes/,
    );
    const huge = text(journal({ previousManifest: 'x'.repeat(GUEST_LIMITS.journalBytes) }));
    assert.deepEqual(readJournal(huge, [LOOSE]), {
      kind: 'refused',
      reason: 'it is larger than 5 MB, more than this extension ever writes',
    });
  });

  it('a manifest that names a package folder outside FileRepository, or holds a million entries, is not used', () => {
    const manifest = emptyManifestJson();
    assert.equal(readManifest(text(manifest)).kind, 'valid');
    const outside = readManifest(text({ ...manifest, packages: [{ name: '..\\..\\config', files: [] }] }));
    assert.deepEqual(outside, { kind: 'unreadable', problem: 'packages.0.name: expected one folder name' });
    const million = readManifest(text({ ...manifest, pendingRemoval: Array.from({ length: 1_000_000 }, () => 'a') }));
    assert.deepEqual(million, { kind: 'unreadable', problem: 'it holds more than 200000 entries' });
    const many = readManifest(text({ ...manifest, pendingRemoval: Array.from({ length: GUEST_LIMITS.packages + 1 }, (_, i) => `p${i}`) }));
    assert.deepEqual(many, { kind: 'unreadable', problem: 'pendingRemoval: Too big: expected array to have <=256 items' });
    assert.deepEqual(readManifest('x'.repeat(GUEST_LIMITS.manifestBytes + 1)), {
      kind: 'unreadable',
      problem: 'larger than 4 MB, so it was not read',
    });
  });
});
