import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyHostError } from '../../../src/core/hostErrors';
import * as texts from '../../../src/simulator/hyperv/texts';
import { fixturesDir } from '../../support/fixtures';

/** The field catalogue of Hyper-V's error texts, kept with the other output fixtures. */
const CATALOG_FILE = join(fixturesDir(), 'errors.catalog.json');

interface SharedEntry {
  id: string;
  cmdlet: string;
  message: string;
  fullyQualifiedErrorId?: string;
}

describe('simulator Hyper-V texts', () => {
  describe("against the fixtures' errors.catalog.json", function () {
    it('the embedded catalogue is a verbatim copy of every entry', () => {
      const shared = JSON.parse(readFileSync(CATALOG_FILE, 'utf8')) as SharedEntry[];
      const embedded = Object.entries(texts.ERROR_CATALOG).map(([id, entry]) => ({ id, ...entry }));
      assert.deepEqual(
        embedded,
        shared.map(({ id, cmdlet, message, fullyQualifiedErrorId }) =>
          fullyQualifiedErrorId ? { id, cmdlet, message, fullyQualifiedErrorId } : { id, cmdlet, message },
        ),
      );
    });
  });

  describe('templates reproduce the catalogue texts for its own example values', () => {
    it('MMIO above the physical address range (VM GPUP, 32 GB at 63.5 GB, 36-bit CPU)', () => {
      const regionEnd = 68182605824n + 32n * 1024n ** 3n - 0x1000n;
      assert.equal(
        texts.mmioAboveRangeText({ name: 'GPUP', vmId: '92d2cee9-ae6e-44d3-9205-54408a1ab5a7' }, regionEnd, 1n << 36n),
        texts.ERROR_CATALOG['mmio-above-physical-range'].message,
      );
    });

    it('insufficient resources: the catalogue keeps only a prefix (and the console\'s "Start-VM : ")', () => {
      const text = texts.insufficientResourcesText(
        { name: 'BrandonWin', vmId: '8fce3318-aa0f-4de3-8664-278533573cd2' },
        '8689e9ca-b1db-4c72-8c36-47f5d549808a',
      );
      assert.ok(`Start-VM : ${text}`.startsWith(texts.ERROR_CATALOG['gpu-partition-insufficient-resources'].message));
    });

    it('group policy not compliant', () => {
      const path = '\\\\?\\PCI#VEN_10DE&DEV_1EB1&SUBSYS_12A010DE&REV_A1#4&11ef84ec&0&0019#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';
      assert.equal(texts.groupPolicyText(path), texts.ERROR_CATALOG['group-policy-not-compliant'].message);
    });

    it('adapter not found and VM not found carry the catalogue text without the console prefix', () => {
      assert.equal(
        `Set-VMGPUPartitionAdapter : ${texts.adapterNotFound('SetVMGpuPartitionAdapter').message}`,
        texts.ERROR_CATALOG['adapter-not-found'].message,
      );
      assert.equal(
        texts.adapterNotFound('SetVMGpuPartitionAdapter').fullyQualifiedErrorId,
        texts.ERROR_CATALOG['adapter-not-found'].fullyQualifiedErrorId,
      );
      assert.equal(
        `Set-VMGpuPartitionAdapter : ${texts.vmNotFoundByName('GPUPV', 'SetVMGpuPartitionAdapter').message}`,
        texts.ERROR_CATALOG['vm-not-found'].message,
      );
    });
  });

  describe('the extension classifies what the simulator says', () => {
    const cases: Array<[string, texts.HyperVError, string]> = [
      [
        'MMIO',
        texts.mmioAboveRange({ name: 'X', vmId: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c' }, 0x17dffff000n, 1n << 36n),
        'mmio-above-physical-range',
      ],
      [
        'insufficient resources',
        texts.insufficientResources({ name: 'X', vmId: '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c' }, 'a1b2c3d4-e5f6-4789-8abc-def012345678'),
        'gpu-partition-insufficient-resources',
      ],
      [
        'group policy',
        texts.groupPolicyNotCompliant('\\\\?\\PCI#VEN_10DE&DEV_1EB1#x#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV'),
        'group-policy-not-compliant',
      ],
      ['GPU-P blocks save', texts.gpupBlocksOperation('SaveVM'), 'gpup-blocks-operation'],
      ['no -InstancePath', texts.noInstancePathParameter(), 'no-instancepath-on-win10'],
      ['adapter not found', texts.adapterNotFound('RemoveVMGpuPartitionAdapter'), 'adapter-not-found'],
      ['VM not found', texts.vmNotFoundById('5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c'), 'vm-not-found'],
      ['VM must be off', texts.mustBeOff('SetVM'), 'vm-must-be-off'],
      ['Hyper-V module missing', texts.hyperVModuleMissing(), 'hyperv-missing'],
      ['permission denied', texts.permissionDenied('HOST'), 'access-denied'],
      ['partition count invalid', texts.partitionCountInvalid('p', 3, [16, 8]), 'partition-count-invalid'],
      ['partition in use', texts.partitionInUse('p', ['VM']), 'partition-in-use'],
    ];
    for (const [label, error, expected] of cases) {
      it(`${label} -> ${expected}`, () => {
        assert.equal(classifyHostError(error).id, expected);
      });
    }

    it("the permission text is Hyper-V's, with category PermissionDenied, and module-unknown texts keep id hyperv-error", () => {
      const denied = texts.permissionDenied('GPU-HOST');
      assert.equal(
        denied.message,
        "You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer 'GPU-HOST'.",
      );
      assert.equal(denied.category, 'PermissionDenied');
      assert.equal(denied.id, 'hyperv-error');
      assert.equal(texts.hyperVModuleMissing().message.startsWith("The term 'Get-VM' is not recognized"), true);
    });
  });
});
