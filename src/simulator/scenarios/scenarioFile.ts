/** Writes a scenario (e.g. a generated one) to a JSON file GPUPV_SIM_SCENARIO can name; bigints stay exact. */
import { stringifyLosslessJson } from '../../core/json/losslessJson';
import type { ScenarioInput } from '../hyperv/state';
import { writeFileAtomic } from '../persistence/atomicWrite';

export function writeScenarioFile(path: string, scenario: ScenarioInput): void {
  writeFileAtomic(path, `${stringifyLosslessJson(scenario, 2)}\n`);
}
