/**
 * Placeholder driver packages: a few small files per package folder, named like the vendor's real
 * files, with content that identifies package and driver build (so a stale copy differs in bytes).
 * A later issue replaces these with realistic packages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VENDOR_FILES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^nv/i, ['nvlddmkm.sys', 'nvldumdx.dll', 'nvd3dumx.dll', 'nvwgf2umx.dll']],
  [/^iigd/i, ['igdkmdn64.sys', 'igdumdim64.dll', 'igd10iumd64.dll']],
  [/^u\d/i, ['amdkmdag.sys', 'amdxx64.dll', 'amdxc64.dll']],
];

/** The INF's base name: `nv_dispi` for `nv_dispi.inf_amd64_4bf4c17fa8a478b5`. */
function infBase(driverPackage: string): string {
  const match = /^(.+?)\.inf_/i.exec(driverPackage);
  return match ? match[1]! : driverPackage;
}

export function defaultPackageFiles(driverPackage: string): string[] {
  const base = infBase(driverPackage);
  const vendorFiles = VENDOR_FILES.find(([pattern]) => pattern.test(base))?.[1] ?? [`${base}.sys`];
  return [`${base}.inf`, `${base}.cat`, ...vendorFiles];
}

/** `build` names the driver build the bytes belong to; a guest copy of another build differs. */
export function writePlaceholderPackage(folder: string, driverPackage: string, files: readonly string[], build: string): void {
  mkdirSync(folder, { recursive: true });
  for (const file of files) {
    const path = join(folder, ...file.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `GPU-PV simulator placeholder\npackage: ${driverPackage}\nfile: ${file}\ndriver build: ${build}\n`);
  }
}
