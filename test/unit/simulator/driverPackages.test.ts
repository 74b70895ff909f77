// The simulated host's generated driver packages, and Get-DriverPackages answered
// from them through the production session and HostClient.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { driverLayout, measureFolder, writeDriverPackage } from '../../../src/simulator/disks/driverPackages';
import { ensureHostDriver, layoutOf } from '../../../src/simulator/disks/hostDriverFiles';
import { resolveScenario } from '../../../src/simulator/scenarios/resolveScenario';
import { hostDiskRoot, hostDriverStoreDir } from '../../../src/simulator/disks/layout';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';
import { removeTempDirs, scenarioState, tempDir } from './helpers';

const MB = 1_000_000;
const RTX_PACKAGE = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';
const RTX = String.raw`\\?\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV`;

function treeBytes(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.set(`${prefix}${entry.name}`, readFileSync(join(dir, entry.name)));
    }
  };
  walk(folder, '');
  return out;
}

describe('simulated driver packages: discovery on the host', function () {
  this.timeout(30_000);
  after(removeTempDirs);

  describe('generator', () => {
    it('the default package has a realistic shape: hundreds of files in nested folders, a few large DLLs, 20-60 MB', () => {
      for (const pkg of [RTX_PACKAGE, 'iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1', 'u0404562.inf_amd64_0123456789abcdef']) {
        const layout = driverLayout(pkg);
        const total = layout.files.reduce((sum, f) => sum + f.bytes, 0);
        assert.ok(layout.files.length >= 300, `${pkg}: ${layout.files.length} files`);
        assert.ok(total >= 20 * MB && total <= 60 * MB, `${pkg}: ${total} bytes`);
        const large = layout.files.filter((f) => f.bytes >= MB);
        assert.ok(large.length >= 3 && large.length <= 8, `${pkg}: ${large.length} large files`);
        assert.ok(
          layout.files.some((f) => f.path.split('/').length >= 3),
          'files two folders deep',
        );
        assert.ok(layout.files.some((f) => /\.inf$/.test(f.path)) && layout.files.some((f) => /\.cat$/.test(f.path)));
        assert.equal(new Set(layout.files.map((f) => f.path.toLowerCase())).size, layout.files.length, 'no two files differ in case only');
      }
    });

    it('the benchmark profile makes a package of at least 1 GB and 800 files (layout only: nothing written here)', () => {
      const layout = driverLayout(RTX_PACKAGE, 'benchmark');
      assert.ok(layout.files.length >= 800);
      assert.ok(layout.files.reduce((sum, f) => sum + f.bytes, 0) >= 1_000_000_000);
      // A generated scenario asks for it per GPU: GPUPV_SIM_SCENARIO=generated:<vms>x<gpus>:benchmark-drivers
      const state = resolveScenario('generated:4x2:benchmark-drivers').load();
      assert.deepEqual(
        state.gpus.map((gpu) => layoutOf(gpu).files.length >= 800),
        [true, true],
      );
      assert.equal(resolveScenario('generated:4x2').load().gpus[0]!.packageProfile, undefined);
    });

    it('is deterministic: the same build is byte-identical, another build differs in every file', () => {
      const dir = tempDir();
      const layout = driverLayout('iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1');
      writeDriverPackage(join(dir, 'a'), 'iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1', '32.0.101.6078', layout);
      writeDriverPackage(join(dir, 'b'), 'iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1', '32.0.101.6078', layout);
      writeDriverPackage(join(dir, 'c'), 'iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1', '32.0.101.5555', layout);
      const [a, b, c] = ['a', 'b', 'c'].map((name) => treeBytes(join(dir, name)));
      assert.equal(a!.size, layout.files.length);
      for (const [file, bytes] of a!) {
        assert.ok(bytes.equals(b!.get(file)!), `${file} differs between two writes of one build`);
        assert.ok(!bytes.equals(c!.get(file)!), `${file} is the same in two builds`);
        assert.equal(bytes.length, layout.files.find((f) => f.path === file)!.bytes);
      }
    });

    it("writes a GPU's package and loose files lazily, once per state directory", () => {
      const dir = tempDir();
      const gpu = scenarioState('win11-workstation').gpus[0]!;
      ensureHostDriver(dir, gpu);
      const folder = join(hostDriverStoreDir(dir), RTX_PACKAGE);
      const stamp = statSync(join(folder, 'nvlddmkm.sys')).mtimeMs;
      assert.ok(existsSync(join(hostDiskRoot(dir), 'Windows', 'System32', 'nvapi64.dll')));
      assert.ok(existsSync(join(hostDiskRoot(dir), 'Windows', 'SysWOW64', 'nvapi.dll')));
      ensureHostDriver(dir, gpu);
      assert.equal(statSync(join(folder, 'nvlddmkm.sys')).mtimeMs, stamp, 'not written again');
      assert.equal(measureFolder(folder).files, driverLayout(RTX_PACKAGE).files.length);
    });
  });

  describe('Get-DriverPackages through HostClient', () => {
    let host: SimulatedHost;
    before(() => {
      host = startSimulatedHost({ scenario: 'win11-workstation' });
    });
    after(async () => {
      await host.dispose();
    });

    it("resolves the RTX 3060's package and loose files, measured from the files on the host's disk", async () => {
      const result = await host.client.driverPackages(RTX);
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      const found = result.value;
      assert.equal(found.driverVersion, '32.0.15.6094');
      assert.equal(found.infName, 'oem12.inf');
      assert.equal(found.driverDate, '2024-08-20');
      assert.equal(found.deviceId, String.raw`PCI\VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1\4&1C5D7D4&0&0009`);
      assert.equal(found.service?.name, 'nvlddmkm');
      assert.deepEqual(
        found.packages.map((p) => [p.name, p.guestPath, p.present]),
        [[RTX_PACKAGE, String.raw`C:\Windows\System32\HostDriverStore\FileRepository\nv_dispi.inf_amd64_4bf4c17fa8a478b5`, true]],
      );
      const onDisk = measureFolder(join(hostDriverStoreDir(host.simDir), RTX_PACKAGE));
      assert.equal(found.packages[0]!.fileCount, onDisk.files);
      assert.equal(found.packages[0]!.totalBytes, onDisk.bytes);
      assert.ok(onDisk.files >= 300 && onDisk.bytes >= 20_000_000n);
      assert.deepEqual(
        found.looseFiles.map((f) => [f.guestPath, f.present]),
        [
          [String.raw`C:\Windows\System32\nvapi64.dll`, true],
          [String.raw`C:\Windows\System32\nvcuda.dll`, true],
          [String.raw`C:\Windows\SysWOW64\nvapi.dll`, true],
        ],
      );
      const looseBytes = found.looseFiles.reduce((sum, f) => sum + (f.bytes ?? 0n), 0n);
      assert.equal(found.totalFiles, onDisk.files + 3);
      assert.equal(found.totalBytes, onDisk.bytes + looseBytes);
    });

    it("finds the Intel GPU's own package, not the NVIDIA one", async () => {
      const intel = String.raw`\\?\PCI#VEN_8086&DEV_4680&SUBSYS_7D251462&REV_0C#3&11583659&0&10#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV`;
      const result = await host.client.driverPackages(intel);
      assert.ok(result.ok);
      assert.deepEqual(
        result.value.packages.map((p) => p.name),
        ['iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1'],
      );
      assert.equal(result.value.service?.name, 'igfxn');
    });

    it('a GPU the host has no driver record for, and a path that names no PCI device, are refused', async () => {
      const unknown = await host.client.driverPackages(RTX.replace('DEV_2504', 'DEV_9999'));
      assert.equal(!unknown.ok && unknown.error.id, 'hyperv-error');
      assert.match(!unknown.ok ? unknown.error.message + (unknown.error.detail ?? '') : '', /no signed driver record/);
      const bad = await host.client.driverPackages('not an instance path');
      assert.equal(!bad.ok && bad.error.id, 'invalid-argument');
    });
  });

  it("answers the same through Windows PowerShell 5.1's shapes (win10-laptop)", async () => {
    const host = startSimulatedHost({ scenario: 'win10-laptop' });
    try {
      const state = scenarioState('win10-laptop');
      const nvidia = state.gpus.find((g) => /VEN_10DE/.test(g.instancePath))!;
      const result = await host.client.driverPackages(nvidia.instancePath);
      assert.ok(result.ok, !result.ok ? result.error.message : '');
      assert.deepEqual(
        result.value.packages.map((p) => p.name),
        [nvidia.driverPackage],
      );
      assert.equal(result.value.driverVersion, nvidia.driverVersion);
      assert.equal(result.value.driverDate, nvidia.driverDate);
      assert.ok((result.value.packages[0]!.fileCount ?? 0) >= 300);
    } finally {
      await host.dispose();
    }
  });
});
