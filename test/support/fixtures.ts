/**
 * The repository's test data: real output shapes of the cmdlets the module calls (test/fixtures/output,
 * provenance in its README) and the cmdlet reference the signature table is checked against
 * (test/fixtures/cmdlets.md). Found from the repository root, so a fresh clone needs nothing beside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLosslessJson, type JsonValue } from '../../src/core/json/losslessJson';

/** The folder holding package.json: tests run from out/test/..., sources from test/... */
export function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'fixtures'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root (package.json and test/fixtures) above ${__dirname}`);
  }
}

export function fixturesDir(): string {
  return path.join(repositoryRoot(), 'test', 'fixtures', 'output');
}

export function cmdletReferencePath(): string {
  return path.join(repositoryRoot(), 'test', 'fixtures', 'cmdlets.md');
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
