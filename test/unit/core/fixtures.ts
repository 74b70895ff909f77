/**
 * The shared domain fixtures (/work/shared/domain/fixtures), read at test time. Tests run from
 * out/test/unit/core, five levels below the directory that holds both the checkout and `shared`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLosslessJson, type JsonValue } from '../../../src/core/json/losslessJson';

const RELATIVE = '../../../../../shared/domain/fixtures';

function locate(): string {
  const candidates: string[] = [];
  if (process.env.GPUPV_FIXTURES) candidates.push(path.resolve(process.env.GPUPV_FIXTURES));
  candidates.push(path.resolve(__dirname, RELATIVE));
  // Another checkout depth (a worktree, a copy of out/): look upwards for shared/domain/fixtures.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'shared', 'domain', 'fixtures'));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'README.md')));
  if (!found) {
    throw new Error(
      `Shared domain fixtures not found. Expected ${path.resolve(__dirname, RELATIVE)} ` +
        `(or shared/domain/fixtures in a parent of ${__dirname}); set GPUPV_FIXTURES to the fixtures directory.`,
    );
  }
  return found;
}

let cached: string | undefined;
export function fixturesDir(): string {
  return (cached ??= locate());
}

export const FIXTURE = {
  rtx3060: 'get-vmhostpartitionablegpu.rtx3060-gpupv.json',
  gtx1060: 'get-vmhostpartitionablegpu.gtx1060-gpupv.msdoc.json',
  adapterUnset: 'get-vmgpupartitionadapter.unset.msdoc.json',
  adapter50pct: 'get-vmgpupartitionadapter.easy-gpu-pv-50pct.composite.json',
  vm: 'get-vm.gpupv-configured.enums-as-strings.composite.json',
  signedDriver: 'win32-pnpsigneddriver.rtx3060.host.composite.json',
  driverFiles: 'win32-pnpsigneddrivercimdatafile.rtx3060.host.composite.json',
  guestPnp: 'guest-win32-pnpentity.display.code43.composite.json',
  errors: 'errors.catalog.json',
} as const;

export function fixtureText(name: string): string {
  const file = path.join(fixturesDir(), name);
  if (!fs.existsSync(file)) throw new Error(`Fixture ${name} is missing from ${fixturesDir()}`);
  return fs.readFileSync(file, 'utf8');
}

export function fixture(name: string): JsonValue {
  return parseLosslessJson(fixtureText(name));
}

/** Every .json file in the fixtures directory. */
export function allFixtureFiles(): string[] {
  return fs
    .readdirSync(fixturesDir())
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** A JSON object as a record (the tests know the fixtures' shapes). */
export function asRecord(value: JsonValue | undefined): Record<string, JsonValue> {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${typeof value}`);
  }
  return value;
}
