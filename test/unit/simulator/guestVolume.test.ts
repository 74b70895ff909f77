/**
 * The component-by-component check on every path a driver sync can touch, on real folders: a
 * symbolic link planted at any component of any of them (the Windows folder itself included) is
 * found before the path is touched; a removal removes a link as the link; the store listing refuses
 * at the first link it meets. (On Linux and macOS a symbolic link is what a junction is on Windows;
 * the module's own check runs on the same kind of folders in its Pester suite.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WORK } from '../../../src/core/drivers/sync/guestLayout';
import { checksForStep, checksForWrite, componentsOf, pathsTouched } from '../../../src/core/drivers/sync/guestPaths';
import { remove } from '../../../src/core/drivers/sync/guestSteps';
import { GuestVolume } from '../../../src/simulator/disks/guestVolume';
import { makeDecoy, plantLink, treeDigest } from '../../support/decoyFolder';
import cases from '../../fixtures/hostile-guest/cases.json';

const onDisk = (windows: string, guestPath: string): string => path.join(windows, ...guestPath.split('\\').filter(Boolean));

describe('a simulated guest volume never followed through a link', () => {
  let dir: string;
  let windows: string;
  let decoy: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-volume-'));
    windows = path.join(dir, 'vm', 'Windows');
    fs.mkdirSync(windows, { recursive: true });
    decoy = makeDecoy(path.join(dir, 'decoy-host-System32'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the shared hostile-guest cases list exactly the paths the core says the sync touches', () => {
    assert.deepEqual(cases.touchedPaths, pathsTouched(cases.example));
  });

  it('finds a link at each component of every path the sync can touch, before anything is touched', function () {
    this.timeout(30_000);
    let planted = 0;
    for (const { path: touched } of pathsTouched(cases.example)) {
      for (const component of componentsOf(touched)) {
        fs.rmSync(windows, { recursive: true, force: true });
        if (component === '') plantLink(windows, decoy);
        else {
          fs.mkdirSync(path.dirname(onDisk(windows, component)), { recursive: true });
          plantLink(onDisk(windows, component), decoy);
        }
        const before = treeDigest(decoy);
        assert.equal(new GuestVolume(windows).findLink(checksForWrite(touched).noLink), component, `${touched} at ${component}`);
        assert.deepEqual(treeDigest(decoy), before);
        planted += 1;
      }
    }
    assert.ok(planted >= pathsTouched(cases.example).length * 4, `${planted} links planted`);
  });

  it('removes a link as the link and walks a real folder, at every level: the target keeps every byte', () => {
    const run = onDisk(windows, `${WORK}\\run-1`);
    fs.mkdirSync(path.join(run, 'staging', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(run, 'staging', 'pkg', 'a.dll'), 'staged');
    plantLink(path.join(run, 'staging', 'pkg', 'evil'), decoy);
    plantLink(path.join(run, 'hosts'), path.join(decoy, 'drivers', 'etc', 'hosts'));
    plantLink(onDisk(windows, `${WORK}\\run-2`), decoy);
    const before = treeDigest(decoy);
    const volume = new GuestVolume(windows);
    assert.equal(volume.findLink(checksForStep(remove(WORK)).noLink), null, 'the folders above are real');
    volume.remove(WORK);
    assert.equal(fs.existsSync(onDisk(windows, WORK)), false);
    assert.deepEqual(treeDigest(decoy), before);
  });

  it('refuses the store at the first link its listing meets, and lists a real store without following anything', () => {
    const pkg = onDisk(windows, 'System32\\HostDriverStore\\FileRepository\\pkg');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'a.dll'), 'abc');
    assert.deepEqual(new GuestVolume(windows).listStore(), [
      { path: 'System32\\HostDriverStore\\FileRepository', directory: true, length: null },
      { path: 'System32\\HostDriverStore\\FileRepository\\pkg', directory: true, length: null },
      { path: 'System32\\HostDriverStore\\FileRepository\\pkg\\a.dll', directory: false, length: 3n },
    ]);
    plantLink(path.join(pkg, 'evil'), decoy);
    assert.deepEqual(new GuestVolume(windows).listStore(), {
      kind: 'link',
      path: 'System32\\HostDriverStore\\FileRepository\\pkg\\evil',
    });
  });
});
