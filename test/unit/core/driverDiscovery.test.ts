import * as assert from 'node:assert/strict';
import { dataFilePath, driverDate, GUEST_FILE_REPOSITORY, imagePath, resolveDriverFiles } from '../../../src/core/drivers/discovery';
import { rawDriverPackages, type RawDriverPackages } from '../../../src/core/normalize/driverFiles';
import { asRecord, FIXTURE, fixture } from '../../support/fixtures';

const PKG = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';
const REPO = String.raw`c:\windows\system32\driverstore\filerepository`;

function fixtureDependents(): string[] {
  const rows = fixture(FIXTURE.driverFiles);
  assert.ok(Array.isArray(rows));
  return rows.map((row) => asRecord(row).Dependent as string);
}

/** The fixtures as Get-DriverPackages would answer them, plus what the host measured. */
function fromFixtures(extra: Partial<Record<keyof RawDriverPackages, unknown>> = {}): RawDriverPackages {
  return rawDriverPackages.parse({
    Driver: fixture(FIXTURE.signedDriver),
    Service: {
      Name: 'nvlddmkm',
      PathName: String.raw`C:\WINDOWS\System32\DriverStore\FileRepository\nv_dispi.inf_amd64_4bf4c17fa8a478b5\nvlddmkm.sys`,
    },
    Files: fixtureDependents(),
    Packages: [{ Path: `${REPO}\\${PKG}`, FileCount: 412, TotalBytes: '1611137024' }],
    LooseFiles: [
      { Path: String.raw`c:\windows\system32\nvapi64.dll`, Length: 1000 },
      { Path: String.raw`c:\windows\syswow64\nvapi.dll`, Length: 800 },
    ],
    ...extra,
  });
}

function raw(files: string[], extra: Partial<Record<keyof RawDriverPackages, unknown>> = {}): RawDriverPackages {
  return rawDriverPackages.parse({
    Driver: { DeviceID: 'PCI\\VEN_10DE&DEV_2504\\1' },
    Files: files,
    Packages: [],
    LooseFiles: [],
    ...extra,
  });
}

describe('driver discovery (core/drivers)', () => {
  describe('dataFilePath', () => {
    it('reads the WMI object path of the fixture, undoing its doubled backslashes', () => {
      assert.equal(
        dataFilePath(fixtureDependents()[0]!),
        String.raw`c:\windows\system32\driverstore\filerepository\nv_dispi.inf_amd64_4bf4c17fa8a478b5\nvlddmkm.sys`,
      );
    });

    it('reads a CIM reference as ToString() prints it and a bare path', () => {
      assert.equal(
        dataFilePath(String.raw`CIM_DataFile (Name = "c:\windows\system32\nvapi64.dll")`),
        String.raw`c:\windows\system32\nvapi64.dll`,
      );
      assert.equal(dataFilePath(String.raw`C:\Windows\System32\nvcuda.dll`), String.raw`C:\Windows\System32\nvcuda.dll`);
    });

    it('keeps & and escaped quotes, refuses what is not a drive path or climbs with ..', () => {
      assert.equal(
        dataFilePath(String.raw`\\H\root\cimv2:CIM_DataFile.Name="c:\\program files\\a&b\\x \"y\".dll"`),
        String.raw`c:\program files\a&b\x "y".dll`,
      );
      assert.equal(dataFilePath('nvapi64.dll'), null);
      assert.equal(dataFilePath(String.raw`c:\windows\..\secret.dll`), null);
      assert.equal(dataFilePath(String.raw`\\server\share\x.dll`), null);
    });
  });

  describe('imagePath', () => {
    it('turns the forms Win32_SystemDriver prints into drive paths', () => {
      assert.equal(imagePath(String.raw`\SystemRoot\System32\drivers\nvlddmkm.sys`), String.raw`C:\Windows\System32\drivers\nvlddmkm.sys`);
      assert.equal(imagePath(String.raw`\??\C:\WINDOWS\System32\DriverStore\x\y.sys`), String.raw`C:\WINDOWS\System32\DriverStore\x\y.sys`);
      assert.equal(imagePath(String.raw`System32\drivers\a.sys`), String.raw`C:\Windows\System32\drivers\a.sys`);
      assert.equal(imagePath(String.raw`"C:\Windows\System32\drivers\b.sys"`), String.raw`C:\Windows\System32\drivers\b.sys`);
    });
  });

  it('reads driver dates in the 5.1, 7 and WMI spellings', () => {
    assert.equal(driverDate('/Date(1724112000000)/'), '2024-08-20');
    assert.equal(driverDate('2024-08-20T00:00:00'), '2024-08-20');
    assert.equal(driverDate('20240820000000.******+***'), '2024-08-20');
    assert.equal(driverDate(null), null);
  });

  describe('resolveDriverFiles on the RTX 3060 fixtures', () => {
    const result = resolveDriverFiles(fromFixtures());

    it('finds exactly one package, nv_dispi.inf_amd64_4bf4c17fa8a478b5, headed for the guest HostDriverStore', () => {
      assert.deepEqual(
        result.packages.map((p) => p.name),
        [PKG],
      );
      const pkg = result.packages[0]!;
      assert.equal(pkg.guestPath, String.raw`C:\Windows\System32\HostDriverStore\FileRepository\nv_dispi.inf_amd64_4bf4c17fa8a478b5`);
      assert.equal(pkg.guestPath, `${GUEST_FILE_REPOSITORY}\\${PKG}`);
      assert.equal(pkg.hostPath, `${REPO}\\${PKG}`);
      assert.deepEqual(pkg.referencedFiles, ['nvd3dumx.dll', 'nvlddmkm.sys', 'nvldumdx.dll', 'nvwgf2umx.dll']);
      assert.equal(pkg.present, true);
      assert.equal(pkg.fileCount, 412);
      assert.equal(pkg.totalBytes, 1_611_137_024n);
    });

    it('finds the three loose files, each going to the same path in the guest', () => {
      assert.deepEqual(
        result.looseFiles.map((f) => [f.hostPath, f.guestPath]),
        [
          [String.raw`c:\windows\system32\nvapi64.dll`, String.raw`C:\Windows\System32\nvapi64.dll`],
          [String.raw`c:\windows\system32\nvcuda.dll`, String.raw`C:\Windows\System32\nvcuda.dll`],
          [String.raw`c:\windows\syswow64\nvapi.dll`, String.raw`C:\Windows\SysWOW64\nvapi.dll`],
        ],
      );
      assert.deepEqual(
        result.looseFiles.map((f) => f.present),
        [true, false, true],
        'nvcuda.dll was not measured: the host does not have it',
      );
    });

    it('takes version, provider, INF and date from the signed-driver record, and sums what a copy moves', () => {
      assert.equal(result.deviceId, String.raw`PCI\VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1\4&1C5D7D4&0&0009`);
      assert.equal(result.driverVersion, '32.0.15.6094');
      assert.equal(result.driverProvider, 'NVIDIA');
      assert.equal(result.infName, 'oem12.inf');
      assert.equal(result.driverDate, '2024-08-20');
      assert.deepEqual(result.service, {
        name: 'nvlddmkm',
        imagePath: String.raw`C:\WINDOWS\System32\DriverStore\FileRepository\nv_dispi.inf_amd64_4bf4c17fa8a478b5\nvlddmkm.sys`,
      });
      assert.equal(result.totalFiles, 412 + 2);
      assert.equal(result.totalBytes, 1_611_137_024n + 1800n);
    });
  });

  describe('resolveDriverFiles on constructed cases', () => {
    it('merges files that differ only in case, and duplicates, into one package and one loose file', () => {
      const result = resolveDriverFiles(
        raw([
          String.raw`C:\Windows\System32\DriverStore\FileRepository\NV_DISPI.inf_amd64_abc\nvlddmkm.sys`,
          String.raw`c:\windows\system32\driverstore\filerepository\nv_dispi.inf_amd64_abc\NVLDDMKM.SYS`,
          String.raw`c:\windows\system32\driverstore\filerepository\nv_dispi.inf_amd64_abc\nvlddmkm.sys`,
          String.raw`C:\Windows\System32\nvapi64.dll`,
          String.raw`c:\windows\system32\NVAPI64.dll`,
        ]),
      );
      assert.equal(result.packages.length, 1);
      assert.deepEqual(result.packages[0]!.referencedFiles, ['nvlddmkm.sys']);
      assert.equal(result.looseFiles.length, 1);
    });

    it('matches measurements to packages and files whatever their case', () => {
      const result = resolveDriverFiles(
        raw([String.raw`c:\windows\system32\driverstore\filerepository\pkg.inf_amd64_1\a.dll`, String.raw`c:\windows\system32\x.dll`], {
          Packages: [{ Path: String.raw`C:\WINDOWS\System32\DriverStore\FileRepository\PKG.inf_amd64_1`, FileCount: 3, TotalBytes: 30 }],
          LooseFiles: [{ Path: String.raw`C:\Windows\System32\X.DLL`, Length: 5 }],
        }),
      );
      assert.equal(result.packages[0]!.fileCount, 3);
      assert.equal(result.looseFiles[0]!.bytes, 5n);
      assert.equal(result.totalFiles, 4);
      assert.equal(result.totalBytes, 35n);
    });

    it('a service image inside the package adds nothing new; one in another package adds that package', () => {
      const file = String.raw`c:\windows\system32\driverstore\filerepository\nv_dispi.inf_amd64_abc\nvldumdx.dll`;
      const same = resolveDriverFiles(
        raw([file], {
          Service: {
            Name: 'nvlddmkm',
            PathName: String.raw`\SystemRoot\System32\DriverStore\FileRepository\nv_dispi.inf_amd64_abc\nvlddmkm.sys`,
          },
        }),
      );
      assert.deepEqual(
        same.packages.map((p) => [p.name, p.referencedFiles]),
        [['nv_dispi.inf_amd64_abc', ['nvlddmkm.sys', 'nvldumdx.dll']]],
      );
      assert.equal(same.service?.imagePath, String.raw`C:\Windows\System32\DriverStore\FileRepository\nv_dispi.inf_amd64_abc\nvlddmkm.sys`);
      const other = resolveDriverFiles(
        raw([file], {
          Service: {
            Name: 'nvlddmkm',
            PathName: String.raw`C:\Windows\System32\DriverStore\FileRepository\nvmdi.inf_amd64_def\nvlddmkm.sys`,
          },
        }),
      );
      assert.deepEqual(
        other.packages.map((p) => p.name),
        ['nv_dispi.inf_amd64_abc', 'nvmdi.inf_amd64_def'],
      );
    });

    it('keeps any depth of files inside a package, and a path with & as it is', () => {
      const result = resolveDriverFiles(
        raw([
          String.raw`\\H\root\cimv2:CIM_DataFile.Name="c:\\windows\\system32\\driverstore\\filerepository\\u0404562.inf_amd64_1\\b400000\\lib\\amd&co.dll"`,
          String.raw`\\H\root\cimv2:CIM_DataFile.Name="c:\\program files\\r&d tools\\helper.dll"`,
        ]),
      );
      assert.deepEqual(result.packages[0]!.referencedFiles, [String.raw`b400000\lib\amd&co.dll`]);
      assert.equal(result.packages[0]!.guestPath, `${GUEST_FILE_REPOSITORY}\\u0404562.inf_amd64_1`);
      assert.deepEqual(
        result.looseFiles.map((f) => f.guestPath),
        [String.raw`c:\program files\r&d tools\helper.dll`],
      );
    });

    it('places SysWOW64 files at the same path in the guest, and DriverStore files outside FileRepository as loose files', () => {
      const result = resolveDriverFiles(
        raw([
          String.raw`c:\windows\syswow64\nvd3dum.dll`,
          String.raw`c:\windows\syswow64\lib\nvx.dll`,
          String.raw`c:\windows\system32\driverstore\en-us\nv.inf_loc`,
        ]),
      );
      assert.deepEqual(result.packages, []);
      assert.deepEqual(
        result.looseFiles.map((f) => f.guestPath),
        [
          String.raw`C:\Windows\System32\driverstore\en-us\nv.inf_loc`,
          String.raw`C:\Windows\SysWOW64\lib\nvx.dll`,
          String.raw`C:\Windows\SysWOW64\nvd3dum.dll`,
        ],
      );
    });

    it('ignores unreadable entries and reports a package the host lacks as not present, with no counts', () => {
      const result = resolveDriverFiles(
        raw(['garbage', String.raw`c:\windows\system32\driverstore\filerepository\gone.inf_amd64_0\a.sys`]),
      );
      assert.equal(result.packages.length, 1);
      assert.equal(result.packages[0]!.present, false);
      assert.equal(result.packages[0]!.fileCount, null);
      assert.equal(result.totalFiles, 0);
      assert.equal(result.totalBytes, 0n);
    });
  });

  it('the raw schema takes Windows PowerShell 5.1 shapes: one file as a bare string, sizes as digit strings', () => {
    const parsed = rawDriverPackages.parse({
      Driver: { DeviceID: 'X' },
      Service: null,
      Files: String.raw`c:\windows\system32\x.dll`,
      Packages: { Path: String.raw`c:\p`, FileCount: '2', TotalBytes: '18446744073709551615' },
      LooseFiles: null,
    });
    assert.deepEqual(parsed.Files, [String.raw`c:\windows\system32\x.dll`]);
    assert.equal(parsed.Packages[0]!.TotalBytes, 18446744073709551615n);
    assert.deepEqual(parsed.LooseFiles, []);
  });
});
