/** The .NET enum numbers Windows PowerShell 5.1 prints for Hyper-V's enums. */
import type { AutomaticStartAction, AutomaticStopAction, CheckpointType } from '../../core/model';
import type { SimulatedVmState } from '../hyperv/state';
import { PsEnum } from './psValue';

const VM_STATE: Record<SimulatedVmState, number> = { Running: 2, Off: 3, Stopping: 4, Saved: 6, Paused: 9, Starting: 10 };
const CHECKPOINT_TYPE: Record<CheckpointType, number> = { Disabled: 2, Production: 3, ProductionOnly: 4, Standard: 5 };
const STOP_ACTION: Record<AutomaticStopAction, number> = { TurnOff: 2, Save: 3, ShutDown: 4 };
const START_ACTION: Record<AutomaticStartAction, number> = { Nothing: 2, StartIfRunning: 3, Start: 4 };

export const vmStateEnum = (state: SimulatedVmState): PsEnum => new PsEnum(state, VM_STATE[state]);
export const checkpointTypeEnum = (type: CheckpointType): PsEnum => new PsEnum(type, CHECKPOINT_TYPE[type]);
export const stopActionEnum = (action: AutomaticStopAction): PsEnum => new PsEnum(action, STOP_ACTION[action]);
export const startActionEnum = (action: AutomaticStartAction): PsEnum => new PsEnum(action, START_ACTION[action]);
