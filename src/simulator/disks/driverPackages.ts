/**
 * Generated driver packages of realistic shape on the simulated host's C: (and the loose files the
 * driver installs in System32 / SysWOW64): an INF and catalog, a few large DLLs and the kernel
 * driver, and hundreds of small files in nested folders, as a vendor's DCH package has. Content is
 * deterministic (package, file and driver build seed a PRNG; half of each 4 KB page is a repeating
 * pattern, so the bytes compress about as well as real binaries), so two builds differ in every file
 * and the same build is byte-identical wherever it is written.
 *
 * The default profile is modest (about 25 MB, 300+ files per package) and is written lazily, once per
 * state directory; the 'benchmark' profile makes a package of more than 1 GB and 800 files.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MIB = 1024 * 1024;

export type PackageProfile = 'default' | 'benchmark';

interface Vendor {
  readonly pattern: RegExp;
  /** The kernel service (Win32_SystemDriver.Name) and its image inside the package. */
  readonly service: string;
  readonly kernelDriver: string;
  /** The large user-mode drivers, in the order of their size. */
  readonly largeFiles: readonly string[];
  /** Small-file folders inside the package (a DCH package nests runtimes and resources). */
  readonly folders: readonly string[];
  /** Files the driver installs outside the DriverStore, relative to C:\Windows. */
  readonly looseFiles: readonly string[];
}

const VENDORS: readonly Vendor[] = [
  {
    pattern: /^nv/i,
    service: 'nvlddmkm',
    kernelDriver: 'nvlddmkm.sys',
    largeFiles: ['nvd3dumx.dll', 'nvwgf2umx.dll', 'nvoglv64.dll', 'nvldumdx.dll', 'nvcuda64.dll'],
    folders: ['', 'Display.NvContainer', 'Display.NvContainer/plugins/LocalSystem', 'NvCamera', 'lib', 'en-US'],
    looseFiles: ['System32/nvapi64.dll', 'SysWOW64/nvapi.dll', 'System32/nvcuda.dll'],
  },
  {
    pattern: /^iigd/i,
    service: 'igfxn',
    kernelDriver: 'igdkmdn64.sys',
    largeFiles: ['igd10iumd64.dll', 'igd12umd64.dll', 'igdumdim64.dll', 'igvk64.dll'],
    folders: ['', 'IntelCpHDCPSvc', 'Resources', 'Resources/Images', 'lib', 'en-US'],
    looseFiles: ['System32/igdgmm64.dll', 'SysWOW64/igdgmm32.dll'],
  },
  {
    pattern: /^u\d/i,
    service: 'amdkmdag',
    kernelDriver: 'amdkmdag.sys',
    largeFiles: ['amdxx64.dll', 'atidxx64.dll', 'amdvlk64.dll', 'amdxc64.dll'],
    folders: ['', 'B400000', 'B400000/lib', 'en-US'],
    looseFiles: ['System32/amdxc64.dll', 'SysWOW64/amdxc32.dll'],
  },
];

const GENERIC: Vendor = {
  pattern: /./,
  service: 'gpukmd',
  kernelDriver: 'gpukmd.sys',
  largeFiles: ['gpuumd64.dll', 'gpuumd32.dll'],
  folders: ['', 'lib'],
  looseFiles: [],
};

const PROFILES: Record<
  PackageProfile,
  { readonly largeBytes: readonly number[]; readonly smallFiles: number; readonly smallMaxBytes: number }
> = {
  // ~17 MB in the large files, ~8 MB in ~330 small ones: about 25 MB.
  default: { largeBytes: [5 * MIB, 3 * MIB, 2 * MIB, 1.5 * MIB, 1 * MIB], smallFiles: 330, smallMaxBytes: 48 * 1024 },
  // > 1 GB (~1000 MiB in the large files) and > 800 files.
  benchmark: { largeBytes: [380 * MIB, 260 * MIB, 180 * MIB, 120 * MIB, 64 * MIB], smallFiles: 840, smallMaxBytes: 96 * 1024 },
};

export interface PackageFile {
  /** Inside the package folder, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
}

export interface DriverLayout {
  readonly service: string;
  readonly kernelDriver: string;
  readonly files: readonly PackageFile[];
  /** The files the signed-driver record names inside the package (INF, catalog, kernel and user-mode drivers). */
  readonly referencedFiles: readonly string[];
  /** Relative to C:\Windows, `/`-separated. */
  readonly looseFiles: readonly PackageFile[];
}

/** The INF's base name: `nv_dispi` for `nv_dispi.inf_amd64_4bf4c17fa8a478b5`. */
function infBase(driverPackage: string): string {
  const match = /^(.+?)\.inf_/i.exec(driverPackage);
  return match ? match[1]! : driverPackage;
}

function vendorOf(driverPackage: string): Vendor {
  return VENDORS.find((v) => v.pattern.test(infBase(driverPackage))) ?? GENERIC;
}

/** A deterministic 32-bit generator (xorshift32) seeded from text. */
function seeded(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** The package's files, the same for every build of the driver (sizes included). */
export function driverLayout(driverPackage: string, profile: PackageProfile = 'default', explicitFiles?: readonly string[]): DriverLayout {
  const vendor = vendorOf(driverPackage);
  const base = infBase(driverPackage);
  const { largeBytes, smallFiles, smallMaxBytes } = PROFILES[profile];
  const next = seeded(`${driverPackage}/layout`);
  const files: PackageFile[] = [
    { path: `${base}.inf`, bytes: 180_000 + (next() % 60_000) },
    { path: `${base}.cat`, bytes: 90_000 + (next() % 30_000) },
    { path: vendor.kernelDriver, bytes: largeBytes[0]! },
  ];
  if (explicitFiles) {
    for (const path of explicitFiles)
      if (!files.some((f) => f.path.toLowerCase() === path.toLowerCase())) files.push({ path, bytes: 4096 + (next() % 16_384) });
  } else {
    vendor.largeFiles.forEach((path, i) => files.push({ path, bytes: largeBytes[(i + 1) % largeBytes.length]! }));
    for (let i = 0; i < smallFiles; i++) {
      const folder = vendor.folders[i % vendor.folders.length]!;
      const ext = ['dll', 'dll', 'bin', 'json', 'mui', 'dat'][next() % 6]!;
      const name = `${base.slice(0, 4)}${(i + 1).toString(36).padStart(3, '0')}.${folder === 'en-US' ? 'dll.mui' : ext}`;
      files.push({ path: folder ? `${folder}/${name}` : name, bytes: 512 + (next() % smallMaxBytes) });
    }
  }
  const referencedFiles = [`${base}.inf`, `${base}.cat`, vendor.kernelDriver, ...(explicitFiles ? [] : vendor.largeFiles.slice(0, 3))];
  return {
    service: vendor.service,
    kernelDriver: vendor.kernelDriver,
    files,
    referencedFiles,
    looseFiles: vendor.looseFiles.map((path) => ({ path, bytes: 400_000 + (next() % 800_000) })),
  };
}

const CHUNK = 1 * MIB;

/** Writes `bytes` deterministic bytes for (seed) to `path`, in chunks (a benchmark file is hundreds of MB). */
export function writeDeterministicFile(path: string, seed: string, bytes: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const next = seeded(seed);
  const pattern = Buffer.from(`${seed}\n`.repeat(Math.ceil(2048 / (seed.length + 1))).slice(0, 2048));
  const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(bytes, 1)));
  const words = new Uint32Array(buffer.buffer, buffer.byteOffset, Math.floor(buffer.length / 4));
  const fd = openSync(path, 'w');
  try {
    let written = 0;
    while (written < bytes) {
      const length = Math.min(buffer.length, bytes - written);
      // Each 4 KB page: 2 KB of PRNG words, then 2 KB of the file's own repeating text.
      for (let page = 0; page * 4096 < length; page++) {
        const first = page * 1024;
        const end = Math.min(first + 512, words.length);
        for (let w = first; w < end; w++) words[w] = next();
        const text = page * 4096 + 2048;
        if (text < buffer.length) pattern.copy(buffer, text, 0, Math.min(2048, buffer.length - text));
      }
      if (written === 0) buffer.write(`MZ GPU-PV simulator\n${seed}\n`.slice(0, length), 0, 'latin1');
      writeSync(fd, buffer, 0, length);
      written += length;
    }
  } finally {
    closeSync(fd);
  }
}

/** `build` names the driver build the bytes belong to; a copy of another build differs in every file. */
export function writeDriverPackage(
  folder: string,
  driverPackage: string,
  build: string,
  layout: DriverLayout = driverLayout(driverPackage),
): void {
  mkdirSync(folder, { recursive: true });
  for (const file of layout.files)
    writeDeterministicFile(join(folder, ...file.path.split('/')), `${driverPackage}/${file.path.toLowerCase()}/${build}`, file.bytes);
}

/** The loose files under `windowsDir` (host C:\Windows). */
export function writeLooseFiles(
  windowsDir: string,
  driverPackage: string,
  build: string,
  layout: DriverLayout = driverLayout(driverPackage),
): void {
  for (const file of layout.looseFiles)
    writeDeterministicFile(
      join(windowsDir, ...file.path.split('/')),
      `${driverPackage}/loose/${file.path.toLowerCase()}/${build}`,
      file.bytes,
    );
}

/** Files and bytes under a folder, every depth (what Get-ChildItem -Recurse -File | Measure-Object -Sum says). */
export function measureFolder(folder: string): { files: number; bytes: bigint } {
  let files = 0;
  let bytes = 0n;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files += 1;
        bytes += BigInt(statSync(path).size);
      }
    }
  };
  if (existsSync(folder)) walk(folder);
  return { files, bytes };
}

/** Marks a generated package as complete (a half-written one is written again). */
export function markerPath(markerDir: string, name: string): string {
  return join(markerDir, `${name}.done`);
}

export function writeMarker(markerDir: string, name: string): void {
  mkdirSync(markerDir, { recursive: true });
  writeFileSync(markerPath(markerDir, name), 'complete\n');
}
