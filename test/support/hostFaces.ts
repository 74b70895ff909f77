/**
 * The two faces of the one Hyper-V model a suite can run against: the simulated host answering the
 * module's operations, and the real GpuPv.psm1 in pwsh calling the Hyper-V double's cmdlets. Both
 * give the production session and client, and keep the host's state in `simDir`.
 */
import { startRealModuleHost, type RealModuleHostOptions } from './realModuleHost';
import { startSimulatedHost, type SimulatedHost } from './simulatedHost';

export type FaceHost = Pick<SimulatedHost, 'simDir' | 'launch' | 'session' | 'client' | 'sentLines' | 'dispose'>;

export interface HostFace {
  readonly face: string;
  /** The real module in pwsh: what the double does not imitate (a guest's WMI) is tested on the other face only. */
  readonly realModule: boolean;
  /** A pwsh start takes seconds, more on a loaded machine. */
  readonly timeoutMs: number;
  start(options: RealModuleHostOptions): Promise<FaceHost>;
}

export const HOST_FACES: readonly HostFace[] = [
  { face: 'the simulated host', realModule: false, timeoutMs: 30_000, start: (options) => Promise.resolve(startSimulatedHost(options)) },
  {
    face: 'the real module in pwsh over the Hyper-V double',
    realModule: true,
    timeoutMs: 240_000,
    start: (options) => startRealModuleHost(options),
  },
];
