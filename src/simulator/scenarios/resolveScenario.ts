/**
 * Turns GPUPV_SIM_SCENARIO into a scenario: a built-in name, `generated:<vms>x<gpus>` (benchmarks;
 * `generated:<vms>x<gpus>:benchmark-drivers` gives each GPU a driver package over 1 GB and 800 files),
 * or the path of a scenario JSON file. Files are parsed losslessly, so UInt64 literals above 2^53
 * stay exact.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLosslessJson } from '../../core/json/losslessJson';
import { formatIssues, hostStateSchema, type HostState } from '../hyperv/state';
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIO, isBuiltInScenario } from './builtIn';
import { generateScenario } from './generateScenario';

export interface ScenarioSource {
  /** What the state remembers to tell whether it was made from this scenario. */
  readonly key: string;
  load(): HostState;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export function parseScenario(input: unknown, origin: string): HostState {
  const parsed = hostStateSchema.safeParse(input);
  if (!parsed.success) throw new ScenarioError(`Scenario ${origin} is invalid: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

const GENERATED = /^generated:(\d+)x(\d+)(:benchmark-drivers)?$/;

export function resolveScenario(reference: string | undefined, cwd: string = process.cwd()): ScenarioSource {
  const ref = reference?.trim() || DEFAULT_SCENARIO;
  if (isBuiltInScenario(ref)) return { key: ref, load: () => parseScenario(BUILT_IN_SCENARIOS[ref], `'${ref}'`) };
  const generated = GENERATED.exec(ref);
  if (generated) {
    const size = {
      vms: Number(generated[1]),
      gpus: Number(generated[2]),
      ...(generated[3] ? { packageProfile: 'benchmark' as const } : {}),
    };
    return { key: ref, load: () => parseScenario(generateScenario(size), `'${ref}'`) };
  }
  const path = resolve(cwd, ref);
  return {
    key: path,
    load: () => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new ScenarioError(
          `Scenario '${ref}' is neither a built-in scenario (${Object.keys(BUILT_IN_SCENARIOS).join(', ')}) nor a readable file: ${(error as Error).message}`,
        );
      }
      return parseScenario(parseLosslessJson(text), path);
    },
  };
}
