/**
 * Fleet refresh: 20 simulated hosts of 50 VMs and 2 GPUs each, each its own process and state
 * folder, read through the production session, client, store and concurrency limit. One after
 * another is the same code with a limit of 1. Then one host hangs: the others must still refresh
 * in their normal time, and the hung host must fail at its call timeout.
 */
import { ConcurrencyLimit } from '../../src/core/concurrencyLimit';
import { refreshFleet, type FleetMember } from '../../src/host/cappedLoad';
import { InventoryStore } from '../../src/host/inventoryStore';
import { PowerShellSession } from '../../src/host/session';
import { HostClient } from '../../src/host/hostClient';
import { startSimulatedHost, type SimulatedHost } from '../support/simulatedHost';
import { median, type Report } from './measure';

const HOSTS = 20;
const SCENARIO = 'generated:50x2';
/** The default of gpupv.maxConcurrentSessions. */
const DEFAULT_CAP = 4;
/** Short, so the hung host's round stays quick; healthy hosts answer in well under it. */
const CALL_TIMEOUT_MS = 3_000;
const WARM_ROUNDS = 9;
/** Each costs the call timeout. */
const HUNG_ROUNDS = 3;

interface Round {
  /** From the refresh's start until every host has settled. */
  readonly totalMs: number;
  /** Each host's own call, from getting its slot to its answer. */
  readonly ownMs: readonly number[];
  /** Each host's data (or error) arriving in the store, from the refresh's start. */
  readonly arrivedMs: readonly number[];
  readonly errors: ReadonlyArray<string | undefined>;
}

interface Fleet {
  readonly hosts: readonly SimulatedHost[];
  clients: HostClient[];
  sessions: PowerShellSession[];
}

async function refreshRound(fleet: Fleet, cap: number): Promise<Round> {
  const store = new InventoryStore();
  const limit = new ConcurrencyLimit(cap);
  const ownMs = new Array<number>(fleet.clients.length).fill(0);
  const arrivedMs = new Array<number>(fleet.clients.length).fill(0);
  const members: FleetMember[] = fleet.clients.map((client, i) => ({
    hostId: String(i),
    source: {
      inventory: async () => {
        const t = performance.now();
        const result = await client.inventory();
        ownMs[i] = performance.now() - t;
        return result;
      },
    },
  }));
  const t0 = performance.now();
  const listening = store.onDidChange((id) => {
    if (!store.snapshot(id).loading) arrivedMs[Number(id)] = performance.now() - t0;
  });
  const snapshots = await refreshFleet(store, limit, members);
  const totalMs = performance.now() - t0;
  listening.dispose();
  const errors = snapshots.map((s) => s.error?.id);
  return { totalMs, ownMs, arrivedMs, errors };
}

/** New sessions on the same hosts: the next round starts every shell again, as after a window reload. */
async function freshSessions(fleet: Fleet): Promise<void> {
  await Promise.all(fleet.sessions.map((s) => s.dispose()));
  fleet.sessions = fleet.hosts.map((h) => new PowerShellSession(h.launch, { callTimeoutMs: CALL_TIMEOUT_MS, startTimeoutMs: 30_000 }));
  fleet.clients = fleet.sessions.map((s, i) => new HostClient(s, `bench ${i}`));
}

function mustSucceed(round: Round, what: string, except?: number): void {
  const failed = round.errors.map((e, i) => (e && i !== except ? `host ${i}: ${e}` : undefined)).filter(Boolean);
  if (failed.length > 0) throw new Error(`${what}: ${failed.join(', ')}`);
}

export async function fleetRefresh(report: Report): Promise<void> {
  const hosts = Array.from({ length: HOSTS }, () => startSimulatedHost({ scenario: SCENARIO, callTimeoutMs: CALL_TIMEOUT_MS }));
  const fleet: Fleet = { hosts, clients: hosts.map((h) => h.client), sessions: hosts.map((h) => h.session) };
  try {
    // Untimed: each simulated host writes its state and disks once; the rounds below compare shells only.
    mustSucceed(await refreshRound(fleet, DEFAULT_CAP), 'first refresh');
    // Cold: every shell starts (the first refresh after opening VS Code).
    await freshSessions(fleet);
    const coldParallel = await refreshRound(fleet, DEFAULT_CAP);
    mustSucceed(coldParallel, 'cold parallel refresh');
    await freshSessions(fleet);
    const coldSequential = await refreshRound(fleet, 1);
    mustSucceed(coldSequential, 'cold sequential refresh');
    const coldRatio = coldSequential.totalMs / coldParallel.totalMs;
    report(
      `refresh of ${HOSTS} hosts x 50 VMs, shells starting: parallel (cap ${DEFAULT_CAP}) vs one after another`,
      `${coldParallel.totalMs.toFixed(0)} ms vs ${coldSequential.totalMs.toFixed(0)} ms = ${coldRatio.toFixed(1)}x faster`,
      // Starting a simulated shell is local CPU work (a Node process), so 2 cores bound it near 2x;
      // a real remote host's start waits on the network and Import-Module and gains more.
      '>= 1.3x (shell start is CPU-bound here, 2 cores)',
      coldRatio >= 1.3,
    );

    // Warm: the automatic refresh while the view is visible. Rounds alternate so drift hits both.
    const parallel: Round[] = [];
    const sequential: Round[] = [];
    for (let i = 0; i < WARM_ROUNDS; i++) {
      parallel.push(await refreshRound(fleet, DEFAULT_CAP));
      sequential.push(await refreshRound(fleet, 1));
    }
    [...parallel, ...sequential].forEach((r) => mustSucceed(r, 'warm refresh'));
    const warmParallel = median(parallel.map((r) => r.totalMs));
    const warmSequential = median(sequential.map((r) => r.totalMs));
    const warmRatio = warmSequential / warmParallel;
    report(
      `refresh of ${HOSTS} hosts x 50 VMs, warm shells: parallel (cap ${DEFAULT_CAP}) vs one after another`,
      `${warmParallel.toFixed(0)} ms vs ${warmSequential.toFixed(0)} ms = ${warmRatio.toFixed(1)}x faster (median of ${WARM_ROUNDS})`,
      '>= 1.5x (2 CPU cores here)',
      warmRatio >= 1.5,
    );

    // One host hangs, in each of a few rounds (one round's 10 ms calls are too noisy to judge),
    // each right after a normal round: on a shared machine the load drifts within seconds, so a
    // hung round is compared with its neighbour, not with rounds measured earlier.
    const normalRounds: Round[] = [];
    const hungRounds: Round[] = [];
    for (let i = 0; i < HUNG_ROUNDS; i++) {
      // The previous hang killed host 0's shell; start its next one outside the measurement, so the
      // round shows whether the hang holds up the others, not the restart's CPU on 2 cores (seen
      // when left in: the first hosts up to 2x slower).
      // Its inventory, so the simulator's first (unoptimised) answer is not in the normal round either.
      const restarted = await fleet.clients[0]!.inventory();
      if (!restarted.ok) throw new Error(`host 0 did not restart: ${restarted.error.message}`);
      const normal = await refreshRound(fleet, DEFAULT_CAP);
      mustSucceed(normal, 'normal refresh');
      normalRounds.push(normal);
      hosts[0]!.injectFaults([{ operation: 'Get-Inventory', kind: 'hang' }]);
      const round = await refreshRound(fleet, DEFAULT_CAP);
      mustSucceed(round, 'refresh with one host hanging', 0);
      if (round.errors[0] !== 'shell-timeout') throw new Error(`the hung host answered ${round.errors[0] ?? 'ok'}, not shell-timeout`);
      hungRounds.push(round);
    }
    const medianRound = (rounds: readonly Round[]): Round => ({
      totalMs: median(rounds.map((r) => r.totalMs)),
      ownMs: Array.from({ length: HOSTS }, (_, i) => median(rounds.map((r) => r.ownMs[i]!))),
      arrivedMs: Array.from({ length: HOSTS }, (_, i) => median(rounds.map((r) => r.arrivedMs[i]!))),
      errors: rounds[0]!.errors,
    });
    const hung = medianRound(hungRounds);
    const normalOwn = medianRound(normalRounds).ownMs;
    const normalTotal = medianRound(normalRounds).totalMs;
    const others = Array.from({ length: HOSTS - 1 }, (_, k) => k + 1);
    const slowdown = others.map((i) => hung.ownMs[i]! / normalOwn[i]!);
    const typical = median(slowdown);
    console.log(
      `     each other host, ms with the hang / normal: ${others.map((i) => `${hung.ownMs[i]!.toFixed(0)}/${normalOwn[i]!.toFixed(0)}`).join(' ')}`,
    );
    report(
      `with 1 of ${HOSTS} hosts hanging: each other host's refresh vs its normal time`,
      `median host ${typical.toFixed(2)}x its normal time, worst ${Math.max(...slowdown).toFixed(2)}x (medians ` +
        `of ${HUNG_ROUNDS} hung and ${HUNG_ROUNDS} neighbouring normal rounds)`,
      // The median over hosts: one 10 ms call on a shared 2-core machine varies 2x from noise alone.
      'median host <= 1.25x its normal time',
      typical <= 1.25,
    );
    const othersDone = Math.max(...others.map((i) => hung.arrivedMs[i]!));
    const hungAt = hung.arrivedMs[0]!;
    report(
      `with 1 of ${HOSTS} hosts hanging: the other ${HOSTS - 1} hosts all shown vs the hung host's timeout`,
      `others all shown at ${othersDone.toFixed(0)} ms (the whole fleet normally ${normalTotal.toFixed(0)} ms); ` +
        `hung host: shell-timeout at ${hungAt.toFixed(0)} ms (call timeout ${CALL_TIMEOUT_MS} ms)`,
      `others within 1.5x the fleet's normal time, hung host fails at its timeout (+ <= 1 s)`,
      othersDone <= 1.5 * normalTotal && hungAt >= CALL_TIMEOUT_MS && hungAt <= CALL_TIMEOUT_MS + 1_000,
    );
  } finally {
    await Promise.all([...fleet.sessions.map((s) => s.dispose()), ...hosts.map((h) => h.dispose())]);
  }
}
