/**
 * The simulated Hyper-V host: a program the extension spawns in place of powershell.exe through
 * node-powershell (`node dist/simulator.js -NoExit -Command -`; PowerShell's arguments are
 * ignored). It reads the lines node-powershell writes on stdin and answers like PowerShell with
 * our module loaded would.
 *
 * Environment: GPUPV_SIM_DIR (state directory, required), GPUPV_SIM_SCENARIO (built-in scenario
 * name, `generated:<vms>x<gpus>[:benchmark-drivers]`, or a scenario JSON path; used when the directory has no state
 * from that scenario yet). Test-only: GPUPV_SIM_RECORD=1 appends every call the host receives,
 * as decoded (`{"operation":…,"args":…}`, one JSON line each), to `$GPUPV_SIM_DIR/received.jsonl`,
 * so a test can compare what arrived with what it sent (a connect line only as `{"connect":true}`).
 * Test-only: GPUPV_SIM_TRANSCRIPT=<file> appends every line read on stdin to that file, as it came:
 * what PowerShell's transcription would record of the session, for the tests that search it for secrets.
 * GPUPV_SIM_REMOTE (JSON behaviour: unreachable, latencyMs, sshSubsystem, trustedHostsRequired)
 * makes the host play a remote one that answers Connect-GpuPvRemote; GPUPV_SIM_CLUSTER_NODES (JSON
 * [{name,state}]) makes it answer Get-ClusterNodes for a failover cluster.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyLosslessJson } from '../core/json/losslessJson';
import { parseCall } from '../host/wire';
import { SimulatedHost } from './host/simulatedHost';
import { ShellInterpreter, type CallHost } from './shell/interpreter';
import { simulatedRemoteOptions } from './remote/remoteOptions';

const RECEIVED_FILE = 'received.jsonl';

/** Test-only (GPUPV_SIM_RECORD=1): records each call as the host decoded it, before answering. */
function recording(host: CallHost, dir: string): CallHost {
  return {
    edition: () => host.edition(),
    // Only that a connect line arrived: its payload may hold a password.
    connect: (line) => {
      appendFileSync(join(dir, RECEIVED_FILE), `${JSON.stringify({ connect: true })}\n`, 'utf8');
      return host.connect(line);
    },
    call: (line) => {
      let record: string;
      try {
        const call = parseCall(line);
        record = call ? stringifyLosslessJson({ operation: call.operation, args: call.args }) : JSON.stringify({ unparsed: line });
      } catch (error) {
        record = JSON.stringify({ unparsed: line, error: (error as Error).message });
      }
      appendFileSync(join(dir, RECEIVED_FILE), `${record}\n`, 'utf8');
      return host.call(line);
    },
  };
}
import { LineSplitter } from './shell/lineSplitter';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function main(): void {
  const dir = process.env.GPUPV_SIM_DIR;
  if (!dir) fail('GPUPV_SIM_DIR is not set: the simulated Hyper-V host needs a state directory.');
  let host: SimulatedHost;
  try {
    host = SimulatedHost.open(dir, process.env.GPUPV_SIM_SCENARIO, simulatedRemoteOptions(process.env));
  } catch (error) {
    fail(`The simulated Hyper-V host cannot start: ${(error as Error).message}`);
  }
  const shell = new ShellInterpreter(
    {
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
      exit: (code) => process.exit(code),
    },
    process.env.GPUPV_SIM_RECORD === '1' ? recording(host, dir) : host,
  );
  const transcript = process.env.GPUPV_SIM_TRANSCRIPT;
  const lines = new LineSplitter((line) => {
    if (transcript) appendFileSync(transcript, `${line}\n`, 'utf8');
    shell.accept(line);
  });
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => lines.push(chunk));
  // At end of input the queued lines still run; then nothing keeps the event loop alive and the
  // process exits by itself (a hung call included: there is nobody left to answer).
  process.stdin.on('end', () => lines.end());
}

main();
