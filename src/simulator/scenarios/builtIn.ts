/**
 * The scenarios shipped with the simulator. They are JSON files (bundled by esbuild, copied by
 * tsc); since their importers parse them with plain JSON.parse, UInt64 values above 2^53 are
 * written as digit strings there (a unit test holds them to that).
 */
import server2025Sriov from './server2025-sriov.json';
import win10Laptop from './win10-laptop.json';
import win11Workstation from './win11-workstation.json';

export const BUILT_IN_SCENARIOS = {
  'win11-workstation': win11Workstation,
  'win10-laptop': win10Laptop,
  'server2025-sriov': server2025Sriov,
} as const satisfies Record<string, unknown>;

export type BuiltInScenarioName = keyof typeof BUILT_IN_SCENARIOS;
export const BUILT_IN_SCENARIO_NAMES = Object.keys(BUILT_IN_SCENARIOS) as BuiltInScenarioName[];
export const DEFAULT_SCENARIO: BuiltInScenarioName = 'win11-workstation';

export function isBuiltInScenario(name: string): name is BuiltInScenarioName {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, name);
}
