import * as assert from 'node:assert/strict';
import { ConcurrencyLimit } from '../../../src/core/concurrencyLimit';

/** A task the test finishes by hand, recording when it started. */
interface Gate {
  readonly started: Promise<void>;
  readonly finish: () => void;
  readonly fail: (error: Error) => void;
  readonly task: () => Promise<string>;
}

function gate(name: string, log: string[]): Gate {
  let markStarted!: () => void;
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const task = async () => {
    log.push(`${name} start`);
    markStarted();
    await done;
    log.push(`${name} end`);
    return name;
  };
  return { started, finish, fail, task };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit (the cap on hosts refreshed at once)', () => {
  it('starts tasks in the order they were given, the first `limit` at once and each next one when a slot frees', async () => {
    const log: string[] = [];
    const limit = new ConcurrencyLimit(2);
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(n, log));
    const results = gates.map((g) => limit.run(g.task));
    await tick();
    assert.deepEqual(log, ['a start', 'b start']);
    assert.equal(limit.running, 2);
    assert.equal(limit.queued, 2);
    gates[1]!.finish();
    await gates[2]!.started;
    assert.deepEqual(log, ['a start', 'b start', 'b end', 'c start']);
    gates[0]!.finish();
    gates[2]!.finish();
    gates[3]!.finish();
    assert.deepEqual(await Promise.all(results), ['a', 'b', 'c', 'd'], 'each caller gets its own task’s result');
    assert.equal(limit.running, 0);
    assert.equal(limit.queued, 0);
  });

  it('never runs more than the limit at once, whatever order 50 tasks of random length finish in', async () => {
    const limit = new ConcurrencyLimit(4);
    let running = 0;
    let peak = 0;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const tasks = Array.from({ length: 50 }, () =>
      limit.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 5)));
        running--;
      }),
    );
    await Promise.all(tasks);
    assert.equal(peak, 4);
  });

  it('frees the slot of a task that rejects or throws, and hands the error to that caller only', async () => {
    const log: string[] = [];
    const limit = new ConcurrencyLimit(1);
    const failing = gate('failing', log);
    const first = limit.run(failing.task);
    const throwing = limit.run((): Promise<string> => {
      throw new Error('thrown before any promise');
    });
    const next = gate('next', log);
    const last = limit.run(next.task);
    failing.fail(new Error('host unreachable'));
    await assert.rejects(first, /host unreachable/);
    await assert.rejects(throwing, /thrown before any promise/);
    await next.started;
    next.finish();
    assert.equal(await last, 'next');
    assert.equal(limit.running, 0);
  });

  it('a hung task holds its slot only until its call timeout settles it; the queued task starts right then', async () => {
    const limit = new ConcurrencyLimit(1);
    const timeoutMs = 150;
    // As the session does it: a call that gets no answer resolves with shell-timeout after the timeout.
    const hung = () => new Promise<string>((resolve) => setTimeout(() => resolve('shell-timeout'), timeoutMs));
    const t0 = performance.now();
    const first = limit.run(hung);
    let nextStartedAt = 0;
    const second = limit.run(async () => {
      nextStartedAt = performance.now() - t0;
      return 'data';
    });
    assert.equal(await first, 'shell-timeout');
    assert.equal(await second, 'data');
    assert.ok(
      nextStartedAt >= timeoutMs - 5 && nextStartedAt < timeoutMs + 100,
      `the queued task started after ${nextStartedAt.toFixed(0)} ms`,
    );
  });

  it('a raised limit starts waiting tasks at once; a lowered one lets running tasks finish and starts no new one until below it', async () => {
    const log: string[] = [];
    const limit = new ConcurrencyLimit(1);
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(n, log));
    const results = gates.map((g) => limit.run(g.task));
    await tick();
    assert.equal(limit.running, 1);
    limit.setLimit(3);
    await tick();
    assert.deepEqual(log, ['a start', 'b start', 'c start']);
    limit.setLimit(1);
    gates[0]!.finish();
    gates[1]!.finish();
    await tick();
    assert.equal(limit.running, 1, 'c still runs; d waits until c is done');
    assert.ok(!log.includes('d start'));
    gates[2]!.finish();
    await gates[3]!.started;
    gates[3]!.finish();
    await Promise.all(results);
  });

  it('treats a limit of 0, a negative or a non-number as 1, so a bad setting cannot stall every refresh', () => {
    assert.equal(new ConcurrencyLimit(0).limit, 1);
    assert.equal(new ConcurrencyLimit(-3).limit, 1);
    assert.equal(new ConcurrencyLimit(Number.NaN).limit, 1);
    assert.equal(new ConcurrencyLimit(2.7).limit, 2);
  });
});
