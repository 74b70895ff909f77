import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/** Runs one test file under mocha with the counting reporter; answers its exit code and counts. */
function runWithReporter(testSource: string): { status: number | null; counts: Record<string, unknown>; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-reporter-'));
  try {
    const file = path.join(dir, 'fixture.test.js');
    const counts = path.join(dir, 'counts.json');
    fs.writeFileSync(file, testSource);
    const mocha = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
    const reporter = path.join(ROOT, 'scripts/mocha-counting-reporter.cjs');
    const run = spawnSync(process.execPath, [mocha, '--reporter', reporter, file], {
      env: { ...process.env, GPUPV_MOCHA_COUNTS: counts, GPUPV_HELD_OPEN_MS: '500' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: run.status, counts: JSON.parse(fs.readFileSync(counts, 'utf8')), stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the counting reporter', function () {
  this.timeout(60_000);

  it('fails the stage and names what is open when a test leaves a server listening after the run', function () {
    const run = runWithReporter(`
      const net = require('node:net');
      it('passes and forgets its server', (done) => { net.createServer().listen(0, '127.0.0.1', done); });
    `);
    assert.equal(run.status, 1);
    assert.equal(run.counts.passed, 1);
    assert.equal(run.counts.failed, 1, 'the leak counts as a failure');
    assert.match(String(run.counts.heldOpen), /TCPServerWrap/);
    assert.match(run.stderr, /still open: .*TCPServerWrap/);
  });

  it('lets a run that closes what it started exit at once, with its counts only', function () {
    const run = runWithReporter(`
      const net = require('node:net');
      it('passes and closes its server', (done) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => server.close(done));
      });
    `);
    assert.equal(run.status, 0);
    assert.deepEqual(run.counts, { passed: 1, failed: 0, pending: 0, realModule: 0 });
  });
});
