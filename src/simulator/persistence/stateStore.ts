/**
 * The host's state in `$GPUPV_SIM_DIR/state.json`: created from the scenario the first time (or
 * when the directory holds a state made from another scenario), re-read whenever the file changed
 * (tests and other processes may edit it), written atomically after each mutation. UInt64 values
 * stay exact: the file is written and read with the lossless JSON codec.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLosslessJson, stringifyLosslessJson } from '../../core/json/losslessJson';
import { initialiseDisks } from '../disks/initialiseDisks';
import { HyperVModel, type ModelResult } from '../hyperv/model';
import { formatIssues, hostStateSchema, type HostState } from '../hyperv/state';
import type { ScenarioSource } from '../scenarios/resolveScenario';
import { writeFileAtomic } from './atomicWrite';

export const STATE_FILE = 'state.json';
const FORMAT = 1;

interface StoredState {
  readonly format: number;
  /** The GPUPV_SIM_SCENARIO the state was made from (built-in name, absolute path or generator spec). */
  readonly scenario: string;
  readonly host: HostState;
}

export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

export function statePath(dir: string): string {
  return join(dir, STATE_FILE);
}

export function readStateFile(dir: string): StoredState | null {
  const file = statePath(dir);
  if (!existsSync(file)) return null;
  const raw = parseLosslessJson(readFileSync(file, 'utf8'));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new StateFileError(`${file} does not hold a simulator state.`);
  const record = raw as { format?: unknown; scenario?: unknown; host?: unknown };
  if (record.format !== FORMAT || typeof record.scenario !== 'string') throw new StateFileError(`${file} has an unknown format.`);
  const parsed = hostStateSchema.safeParse(record.host);
  if (!parsed.success) throw new StateFileError(`${file} is not a valid simulator state: ${formatIssues(parsed.error)}`);
  return { format: FORMAT, scenario: record.scenario, host: parsed.data };
}

export function writeStateFile(dir: string, scenario: string, host: HostState): void {
  const stored: StoredState = { format: FORMAT, scenario, host };
  writeFileAtomic(statePath(dir), `${stringifyLosslessJson(stored, 2)}\n`);
}

/** Builds a fresh state from a scenario: defaults applied, runtime settled, disks created, file written. */
export function initialiseState(dir: string, source: ScenarioSource): HostState {
  const model = new HyperVModel(source.load());
  model.settleRuntime();
  initialiseDisks(dir, model.state);
  writeStateFile(dir, source.key, model.state);
  return model.state;
}

export class StateStore {
  private model: HyperVModel | null = null;
  private seen = '';

  private constructor(
    readonly dir: string,
    readonly scenario: string,
  ) {}

  /**
   * Opens the directory's state, initialising it from the scenario when it has none or one made
   * from another scenario. With `adoptExisting` (no scenario was asked for) any existing state is kept.
   */
  static open(dir: string, source: ScenarioSource, options: { readonly adoptExisting?: boolean } = {}): StateStore {
    mkdirSync(dir, { recursive: true });
    const existing = readStateFile(dir);
    if (existing && (existing.scenario === source.key || options.adoptExisting)) return new StateStore(dir, existing.scenario);
    initialiseState(dir, source);
    return new StateStore(dir, source.key);
  }

  /** The current model, re-read when state.json changed since we last saw it. */
  current(): HyperVModel {
    const stamp = this.stamp();
    if (!this.model || stamp !== this.seen) {
      const stored = readStateFile(this.dir);
      if (!stored) throw new StateFileError(`${statePath(this.dir)} has disappeared.`);
      this.model = new HyperVModel(stored.host);
      this.seen = stamp;
    }
    return this.model;
  }

  /** Runs one model rule and persists the state when it succeeded; a refusal changes nothing. */
  mutate<T>(rule: (model: HyperVModel) => ModelResult<T>): ModelResult<T> {
    const model = this.current();
    const result = rule(model);
    if (result.ok) {
      writeStateFile(this.dir, this.scenario, model.state);
      this.seen = this.stamp();
    }
    return result;
  }

  private stamp(): string {
    try {
      const stat = statSync(statePath(this.dir), { bigint: true });
      return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    } catch {
      return 'missing';
    }
  }
}
