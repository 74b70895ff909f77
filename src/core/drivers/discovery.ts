/**
 * The driver files of one host GPU, resolved from what Get-DriverPackages answers: the package
 * folders under `DriverStore\FileRepository` the driver's files live in (each copied whole, any depth
 * of files inside) and the loose files it installs elsewhere (System32\nvapi64.dll, SysWOW64\...),
 * each with the path it takes in the guest. Only the resolved packages are ever copied: mirroring the
 * whole FileRepository grew one user's guest store to 40 GB.
 */
import type { RawDriverPackages } from '../normalize/driverFiles';

/** Where a GPU-PV guest's Virtual Render driver loads the host's packages from. */
export const GUEST_FILE_REPOSITORY = 'C:\\Windows\\System32\\HostDriverStore\\FileRepository';

export interface DriverPackage {
  /** The folder name, e.g. nv_dispi.inf_amd64_4bf4c17fa8a478b5. */
  readonly name: string;
  /** The folder on the host, as WMI spelled it. */
  readonly hostPath: string;
  /** `C:\Windows\System32\HostDriverStore\FileRepository\<name>` */
  readonly guestPath: string;
  /** Paths inside the folder that the signed-driver record names (or the service image), `\`-separated. */
  readonly referencedFiles: readonly string[];
  /** Whether the host has the folder; the counts are null when it does not. */
  readonly present: boolean;
  readonly fileCount: number | null;
  readonly totalBytes: bigint | null;
}

export interface LooseDriverFile {
  readonly hostPath: string;
  /** The same path in the guest. */
  readonly guestPath: string;
  readonly present: boolean;
  readonly bytes: bigint | null;
}

export interface DriverDiscovery {
  readonly deviceId: string;
  readonly deviceName: string | null;
  readonly driverVersion: string | null;
  readonly driverProvider: string | null;
  readonly infName: string | null;
  /** yyyy-mm-dd, when the record has a date. */
  readonly driverDate: string | null;
  /** The kernel service (e.g. nvlddmkm) and its image path, normalised to a drive path. */
  readonly service: { readonly name: string; readonly imagePath: string | null } | null;
  readonly packages: readonly DriverPackage[];
  readonly looseFiles: readonly LooseDriverFile[];
  /** Files and bytes of every present package and loose file: what a copy moves. */
  readonly totalFiles: number;
  readonly totalBytes: bigint;
}

const OBJECT_PATH = /^\\\\[^\\]*\\root\\cimv2:CIM_DataFile\.Name="((?:[^"\\]|\\.)*)"$/i;
const CIM_REFERENCE = /^CIM_DataFile \(Name = "(.*)"\)$/i;
const DRIVE_PATH = /^[a-z]:\\/i;
const IN_REPOSITORY = /^(.*?\\driverstore\\filerepository)\\([^\\]+)(?:\\(.*))?$/i;

/** Undoes WMI object-path escaping: `\\` is one backslash, `\"` a quote. */
function unescapeObjectPath(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/**
 * The file path of a Win32_PnPSignedDriverCIMDataFile `Dependent`, in any of the three forms WMI
 * and CIM print it; null for anything else (never guessed).
 */
export function dataFilePath(dependent: string): string | null {
  const text = dependent.trim();
  const objectPath = OBJECT_PATH.exec(text);
  if (objectPath) return checkedPath(unescapeObjectPath(objectPath[1]!));
  const reference = CIM_REFERENCE.exec(text);
  if (reference) return checkedPath(reference[1]!.replace(/\\\\/g, '\\'));
  return checkedPath(text);
}

function checkedPath(path: string): string | null {
  const collapsed = path.replace(/\//g, '\\');
  if (!DRIVE_PATH.test(collapsed) || /\\\.\.?(?:\\|$)/.test(collapsed)) return null;
  return collapsed.replace(/\\+$/, '');
}

/**
 * A service's image path as Win32_SystemDriver.PathName may print it (`\SystemRoot\System32\...`,
 * `\??\C:\...`, `System32\drivers\...`, quoted, `%SystemRoot%\...`) as a drive path.
 */
export function imagePath(pathName: string, windowsDir = 'C:\\Windows'): string | null {
  let path = pathName.trim().replace(/^"(.*)"$/, '$1');
  path = path.replace(/^\\\?\?\\/, '').replace(/^\\\\\?\\/, '');
  path = path.replace(/^(?:\\SystemRoot|%SystemRoot%)(?=\\)/i, windowsDir);
  if (/^system32\\/i.test(path)) path = `${windowsDir}\\${path}`;
  return checkedPath(path);
}

/** Windows' own spelling of the usual folders, for paths WMI printed in lower case. */
function displayPath(path: string): string {
  return path
    .replace(/^([a-z]):\\windows(?=\\|$)/i, (_m, drive: string) => `${drive.toUpperCase()}:\\Windows`)
    .replace(/^([A-Z]:\\Windows)\\system32(?=\\|$)/i, '$1\\System32')
    .replace(/^([A-Z]:\\Windows)\\syswow64(?=\\|$)/i, '$1\\SysWOW64');
}

/** A yyyy-mm-dd date from a CIM DateTime as 5.1 ("\/Date(ms)\/"), 7 (ISO) or WMI (yyyymmdd...) print it. */
export function driverDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/.exec(value.replace(/\\/g, ''))?.[1];
  if (ms !== undefined) return new Date(Number(ms)).toISOString().slice(0, 10);
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const wmi = /^(\d{4})(\d{2})(\d{2})\d{6}\./.exec(value);
  return wmi ? `${wmi[1]}-${wmi[2]}-${wmi[3]}` : null;
}

interface PackageDraft {
  name: string;
  hostPath: string;
  files: Map<string, string>;
}

/** Groups the driver's files into package folders and loose files and adds the host's measurements. */
export function resolveDriverFiles(raw: RawDriverPackages): DriverDiscovery {
  const packages = new Map<string, PackageDraft>();
  const loose = new Map<string, string>();
  const add = (path: string): void => {
    const inRepository = IN_REPOSITORY.exec(path);
    if (inRepository) {
      const name = inRepository[2]!;
      const key = name.toLowerCase();
      const draft = packages.get(key) ?? { name, hostPath: `${inRepository[1]}\\${name}`, files: new Map<string, string>() };
      packages.set(key, draft);
      const inner = inRepository[3];
      if (inner) draft.files.set(inner.toLowerCase(), draft.files.get(inner.toLowerCase()) ?? inner);
      return;
    }
    const key = path.toLowerCase();
    if (!loose.has(key)) loose.set(key, path);
  };
  for (const dependent of raw.Files) {
    const path = dataFilePath(dependent);
    if (path) add(path);
  }
  const servicePath = raw.Service?.PathName ? imagePath(raw.Service.PathName) : null;
  if (servicePath) add(servicePath);

  const measuredFolders = new Map(raw.Packages.map((p) => [(checkedPath(p.Path) ?? p.Path).toLowerCase(), p]));
  const measuredFiles = new Map(raw.LooseFiles.map((f) => [(checkedPath(f.Path) ?? f.Path).toLowerCase(), f]));

  const resolvedPackages = [...packages.values()]
    .map((draft): DriverPackage => {
      const measured = measuredFolders.get(draft.hostPath.toLowerCase());
      return {
        name: draft.name,
        hostPath: draft.hostPath,
        guestPath: `${GUEST_FILE_REPOSITORY}\\${draft.name}`,
        referencedFiles: [...draft.files.values()].sort(byLowerCase),
        present: measured !== undefined,
        fileCount: measured ? Number(measured.FileCount) : null,
        totalBytes: measured ? measured.TotalBytes : null,
      };
    })
    .sort((a, b) => byLowerCase(a.name, b.name));
  const looseFiles = [...loose.values()]
    .map((hostPath): LooseDriverFile => {
      const measured = measuredFiles.get(hostPath.toLowerCase());
      return { hostPath, guestPath: displayPath(hostPath), present: measured !== undefined, bytes: measured ? measured.Length : null };
    })
    .sort((a, b) => byLowerCase(a.guestPath, b.guestPath));

  let totalFiles = 0;
  let totalBytes = 0n;
  for (const p of resolvedPackages) {
    totalFiles += p.fileCount ?? 0;
    totalBytes += p.totalBytes ?? 0n;
  }
  for (const f of looseFiles) {
    if (!f.present) continue;
    totalFiles += 1;
    totalBytes += f.bytes ?? 0n;
  }

  const driver = raw.Driver;
  return {
    deviceId: driver.DeviceID,
    deviceName: driver.DeviceName ?? null,
    driverVersion: driver.DriverVersion ?? null,
    driverProvider: driver.DriverProviderName ?? null,
    infName: driver.InfName ?? null,
    driverDate: driverDate(driver.DriverDate),
    service: raw.Service ? { name: raw.Service.Name, imagePath: servicePath } : null,
    packages: resolvedPackages,
    looseFiles,
    totalFiles,
    totalBytes,
  };
}

function byLowerCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
