import * as assert from 'node:assert/strict';
import { deviceIdFromInstancePath, fallbackGpuLabel, partitioningKind, vendorFromInstancePath } from '../../../src/core/gpuIdentity';
import { asRecord, FIXTURE, fixture } from '../../support/fixtures';

const GUID = '{064092b3-625e-43bf-9eb5-dc845897dd59}';

function instancePathOf(file: string): string {
  const name = asRecord(fixture(file)).Name;
  assert.equal(typeof name, 'string');
  return name as string;
}

describe('gpuIdentity', () => {
  describe('deviceIdFromInstancePath', () => {
    it('gives the RTX 3060 fixture the DeviceID of the signed-driver fixture', () => {
      const driverId = asRecord(fixture(FIXTURE.signedDriver)).DeviceID;
      assert.equal(deviceIdFromInstancePath(instancePathOf(FIXTURE.rtx3060)), driverId);
      assert.equal(driverId, String.raw`PCI\VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1\4&1C5D7D4&0&0009`);
    });

    it('matches the DeviceID the driver-file association fixture names in every Antecedent', () => {
      const expected = deviceIdFromInstancePath(instancePathOf(FIXTURE.rtx3060));
      const rows = fixture(FIXTURE.driverFiles);
      assert.ok(Array.isArray(rows) && rows.length > 0);
      for (const row of rows) {
        const antecedent = asRecord(row).Antecedent as string;
        // WMI object path: DeviceID="PCI\\VEN_...\\4&..." with backslashes doubled.
        const quoted = /DeviceID="((?:[^"\\]|\\.)*)"/.exec(antecedent)?.[1];
        assert.ok(quoted, antecedent);
        assert.equal(quoted.replace(/\\\\/g, '\\'), expected);
      }
    });

    it('gives the GTX 1060 fixture its PnP device id, upper-cased', () => {
      assert.equal(
        deviceIdFromInstancePath(instancePathOf(FIXTURE.gtx1060)),
        String.raw`PCI\VEN_10DE&DEV_1C02&SUBSYS_11C210DE&REV_A1\4&275D7527&0&0010`,
      );
    });

    it('handles an SR-IOV path without \\GPUPARAV and lower-case input', () => {
      const path = String.raw`\\?\pci#ven_10de&dev_25b6&subsys_14a910de&rev_a1#6&2b2a2cb4&0&00000010#` + GUID;
      assert.equal(deviceIdFromInstancePath(path), String.raw`PCI\VEN_10DE&DEV_25B6&SUBSYS_14A910DE&REV_A1\6&2B2A2CB4&0&00000010`);
    });

    it('returns null for paths of another form', () => {
      for (const path of [
        '',
        'GPU 0',
        String.raw`PCI\VEN_10DE&DEV_2504\4&1C5D7D4&0&0009`,
        String.raw`\\?\PCI#VEN_10DE&DEV_2504#4&1c5d7d4&0&0009`,
      ]) {
        assert.equal(deviceIdFromInstancePath(path), null, path);
      }
    });
  });

  describe('partitioningKind', () => {
    it('is gpu-pv for the \\GPUPARAV fixtures, sr-iov without a reference string, unknown for any other', () => {
      assert.equal(partitioningKind(instancePathOf(FIXTURE.rtx3060)), 'gpu-pv');
      assert.equal(partitioningKind(instancePathOf(FIXTURE.gtx1060)), 'gpu-pv');
      assert.equal(partitioningKind(String.raw`\\?\PCI#VEN_10DE&DEV_2504#x#${GUID}\gpuparav`), 'gpu-pv');
      assert.equal(partitioningKind(String.raw`\\?\PCI#VEN_10DE&DEV_25B6&SUBSYS_14A910DE&REV_A1#6&2b2a2cb4&0&00000010#${GUID}`), 'sr-iov');
      assert.equal(partitioningKind(String.raw`\\?\PCI#VEN_10DE&DEV_25B6#x#${GUID}\GPUPARAV\extra`), 'unknown');
    });
  });

  describe('vendorFromInstancePath', () => {
    it('knows the GPU vendors by PCI id and returns null for others', () => {
      const cases: Array<[string, string | null]> = [
        ['10DE', 'NVIDIA'],
        ['10de', 'NVIDIA'],
        ['1002', 'AMD'],
        ['8086', 'Intel'],
        ['1414', 'Microsoft'],
        ['5143', 'Qualcomm'],
        ['1234', null],
      ];
      for (const [id, vendor] of cases) assert.equal(vendorFromInstancePath(String.raw`\\?\PCI#VEN_${id}&DEV_0001#x#${GUID}`), vendor, id);
      assert.equal(vendorFromInstancePath(instancePathOf(FIXTURE.rtx3060)), 'NVIDIA');
      assert.equal(vendorFromInstancePath('no vendor here'), null);
      assert.equal(vendorFromInstancePath('constructor VEN_TOST'), null);
    });
  });

  describe('fallbackGpuLabel', () => {
    it('names vendor and device id, or whatever part is known', () => {
      assert.equal(fallbackGpuLabel(instancePathOf(FIXTURE.rtx3060)), 'NVIDIA device 2504');
      assert.equal(fallbackGpuLabel(instancePathOf(FIXTURE.gtx1060)), 'NVIDIA device 1C02');
      assert.equal(fallbackGpuLabel(String.raw`\\?\PCI#VEN_1002&DEV_73bf#x#${GUID}`), 'AMD device 73BF');
      assert.equal(fallbackGpuLabel(String.raw`\\?\PCI#VEN_1234&DEV_1111#x#${GUID}`), 'GPU device 1111');
      assert.equal(fallbackGpuLabel(String.raw`\\?\PCI#VEN_8086#x#${GUID}`), 'Intel');
      assert.equal(fallbackGpuLabel(''), 'GPU');
    });
  });
});
