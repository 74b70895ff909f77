import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLosslessJson, type JsonValue } from '../../../src/core/json/losslessJson';
import { partitioningKind } from '../../../src/core/gpuIdentity';
import { UINT64_MAX } from '../../../src/core/model';
import { BUILT_IN_SCENARIO_NAMES } from '../../../src/simulator/scenarios/builtIn';
import { generateScenario } from '../../../src/simulator/scenarios/generateScenario';
import { parseScenario, resolveScenario, ScenarioError } from '../../../src/simulator/scenarios/resolveScenario';
import { writeScenarioFile } from '../../../src/simulator/scenarios/scenarioFile';
import { initialiseState } from '../../../src/simulator/persistence/stateStore';
import { removeTempDirs, repoRoot, scenarioModel, scenarioState, tempDir, vmByName } from './helpers';

function hasBigint(value: JsonValue): boolean {
  if (typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.some(hasBigint);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasBigint);
  return false;
}

describe('simulator scenarios', () => {
  after(removeTempDirs);

  it('ships win11-workstation, win10-laptop and server2025-sriov, each valid against the schema', () => {
    assert.deepEqual([...BUILT_IN_SCENARIO_NAMES].sort(), ['server2025-sriov', 'win10-laptop', 'win11-workstation']);
    for (const name of BUILT_IN_SCENARIO_NAMES) assert.equal(scenarioState(name).name, name);
  });

  it('built-in JSON files write every integer above 2^53 as a digit string (their importer uses JSON.parse)', () => {
    for (const name of BUILT_IN_SCENARIO_NAMES) {
      const text = readFileSync(join(repoRoot(), 'src', 'simulator', 'scenarios', `${name}.json`), 'utf8');
      assert.equal(hasBigint(parseLosslessJson(text)), false, `${name}.json has an unsafe integer literal`);
    }
  });

  describe('win11-workstation', () => {
    const state = scenarioState('win11-workstation');
    const model = scenarioModel('win11-workstation');

    it('is an elevated Windows 11 Pro 26100 host with PowerShell 7', () => {
      assert.equal(state.host.osBuild, 26100);
      assert.equal(state.host.psEdition, 'Core');
      assert.equal(state.host.elevated, true);
    });

    it('has the RTX 3060 of the fixture (placeholder totals, driver 32.0.15.6094, package nv_dispi) and an Intel UHD 770', () => {
      const [rtx, intel] = state.gpus;
      assert.match(
        rtx!.instancePath,
        /VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#\{064092b3-625e-43bf-9eb5-dc845897dd59\}\\GPUPARAV$/,
      );
      assert.equal(rtx!.driverVersion, '32.0.15.6094');
      assert.equal(rtx!.driverPackage, 'nv_dispi.inf_amd64_4bf4c17fa8a478b5');
      assert.deepEqual(rtx!.totals, { VRAM: 1_000_000_000n, Encode: UINT64_MAX, Decode: 1_000_000_000n, Compute: 1_000_000_000n });
      assert.equal(intel!.friendlyName, 'Intel(R) UHD Graphics 770');
      assert.equal(model.capacity(intel!).Encode.total, UINT64_MAX);
    });

    it('has VMs in the conditions the brief lists', () => {
      const byName = (name: string) => vmByName(model, name);
      assert.equal(byName('Build-Agent').state, 'Off');
      assert.equal(byName('Build-Agent').adapters.length, 0);
      assert.equal(byName('GPU-Workstation').state, 'Running');
      assert.equal(byName('Grafik-Prüfstand').highMemoryMappedIoSpace, 512n * 1024n * 1024n);
      assert.equal(byName('Sandbox-Saved').state, 'Saved');
      assert.equal(byName('Legacy-Gen1').generation, 1);
      assert.ok(
        state.vms.some((vm) => [...vm.name].some((ch) => ch.charCodeAt(0) > 0x7f)),
        'a VM name with non-ASCII characters',
      );
    });
  });

  it('win10-laptop: Windows 10 19045, 5.1, two GPUs and one VM whose adapter reports no instance path', () => {
    const state = scenarioState('win10-laptop');
    assert.equal(state.host.osBuild, 19045);
    assert.equal(state.host.psEdition, 'Desktop');
    assert.equal(state.gpus.length, 2);
    assert.equal(state.vms.length, 1);
    assert.equal(state.vms[0]!.adapters[0]!.instancePath, null);
  });

  it('server2025-sriov: SR-IOV A16 without \\GPUPARAV, counts [16,8,4,2,1], real units, partitions held', () => {
    const model = scenarioModel('server2025-sriov');
    const a16 = model.state.gpus[0]!;
    assert.equal(model.state.host.productType, 'Server');
    assert.equal(partitioningKind(a16.instancePath), 'sr-iov');
    assert.deepEqual(a16.validPartitionCounts, [16, 8, 4, 2, 1]);
    const vram = model.capacity(a16).VRAM;
    assert.equal(vram.total, 16n * 1024n ** 3n);
    assert.equal(vram.max, 1024n ** 3n);
    assert.equal(vram.available, 14n * 1024n ** 3n, 'three VMs hold a partition, two of them running');
    assert.equal(a16.supportsLiveMigration, true);
    assert.deepEqual(model.state.host.groupPolicy, { RequireSecureDeviceAssignment: null, RequireSupportedDeviceAssignment: null });
  });

  describe('schema', () => {
    const base = () =>
      JSON.parse(readFileSync(join(repoRoot(), 'src', 'simulator', 'scenarios', 'win11-workstation.json'), 'utf8')) as Record<
        string,
        unknown
      > & { vms: Record<string, unknown>[]; gpus: Record<string, unknown>[] };

    it('rejects an unknown (misspelt) property', () => {
      const input = base();
      input.vms[0]!.memoryStartUp = 1;
      assert.throws(
        () => parseScenario(input, 'test'),
        (e: Error) => e instanceof ScenarioError && /memoryStartUp/.test(e.message),
      );
    });

    it('rejects a partition count that is not one of ValidPartitionCounts', () => {
      const input = base();
      input.gpus[0]!.partitionCount = 16;
      assert.throws(() => parseScenario(input, 'test'), /must be one of ValidPartitionCounts/);
    });

    it('rejects a UInt64 above 2^53 given as a (rounded) JSON number', () => {
      const input = base();
      input.gpus[0]!.totals = { VRAM: 1, Encode: 2 ** 64, Decode: 1, Compute: 1 };
      assert.throws(() => parseScenario(input, 'test'), /digit strings/);
    });

    it('fills Hyper-V defaults: Production checkpoints, Save on stop, 512 MB high MMIO at 63.5 GB', () => {
      const vm = vmByName(scenarioModel('win11-workstation'), 'Legacy-Gen1');
      assert.equal(vm.checkpointType, 'Production');
      assert.equal(vm.automaticStopAction, 'Save');
      assert.equal(vm.highMemoryMappedIoSpace, 536870912n);
      assert.equal(vm.highMemoryMappedIoBaseAddress, 68182605824n);
    });
  });

  describe('resolveScenario', () => {
    it('resolves built-in names, generated:<vms>x<gpus>, and file paths (read losslessly)', () => {
      assert.equal(resolveScenario('win10-laptop').load().name, 'win10-laptop');
      assert.equal(resolveScenario(undefined).key, 'win11-workstation');
      assert.equal(resolveScenario('generated:3x2').load().vms.length, 3);
      const dir = tempDir();
      const file = join(dir, 'custom.json');
      const scenario = generateScenario({ vms: 1, gpus: 1 });
      scenario.gpus[0]!.totals = { VRAM: 1n, Encode: UINT64_MAX, Decode: 1n, Compute: 1n };
      writeScenarioFile(file, scenario);
      assert.match(readFileSync(file, 'utf8'), /"Encode": 18446744073709551615/);
      const source = resolveScenario('custom.json', dir);
      assert.equal(source.key, file);
      assert.equal(source.load().gpus[0]!.totals.Encode, UINT64_MAX);
    });

    it('names the built-in scenarios when the reference is neither one nor a file', () => {
      assert.throws(() => resolveScenario('no-such-scenario', tempDir()).load(), /win11-workstation, win10-laptop, server2025-sriov/);
    });

    it('reports a file that is not a valid scenario', () => {
      const file = join(tempDir(), 'bad.json');
      writeFileSync(file, '{"name": "x"}');
      assert.throws(() => resolveScenario(file).load(), ScenarioError);
    });
  });

  describe('generateScenario', () => {
    it('is deterministic', () => {
      assert.deepEqual(generateScenario({ vms: 30, gpus: 3 }), generateScenario({ vms: 30, gpus: 3 }));
    });

    it('gives the requested numbers of VMs and GPUs, with unique ids and instance paths', () => {
      const state = parseScenario(generateScenario({ vms: 50, gpus: 4 }), 'generated');
      assert.equal(state.vms.length, 50);
      assert.equal(state.gpus.length, 4);
      assert.equal(new Set(state.vms.map((vm) => vm.vmId)).size, 50);
      assert.ok(state.vms.some((vm) => vm.adapters.length > 0));
    });

    it('initialises 200 VMs x 8 GPUs without writing any driver file up front (they are generated on first use)', () => {
      const dir = tempDir();
      const state = initialiseState(dir, {
        key: 'generated:200x8',
        load: () => parseScenario(generateScenario({ vms: 200, gpus: 8 }), 'generated'),
      });
      assert.equal(state.vms.length, 200);
      let bytes = 0;
      const walk = (folder: string): void => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
          if (entry.isDirectory()) walk(join(folder, entry.name));
          else bytes += statSync(join(folder, entry.name)).size;
        }
      };
      walk(join(dir, 'disks'));
      assert.ok(bytes < 1024 * 1024, `${bytes} bytes written under disks/ (the speed itself is measured by npm run bench, not here)`);
    });
  });
});
