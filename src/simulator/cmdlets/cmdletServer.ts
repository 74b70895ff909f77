/**
 * Serves the cmdlet-level face over a Unix domain socket, one JSON request per line and one JSON
 * answer per line, for the PowerShell double (./modules/GpuPvDouble). The state lives in a state
 * store folder, exactly as the simulated host keeps it, so both faces can be pointed at one host.
 *
 * Values travel tagged where JSON alone would lose what PowerShell has: a UInt64 as
 * {"$u64":"digits"}, an enum as {"$enum":"Name"}, a CIM date as {"$date":"yyyy-mm-dd"}.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { stringifyLosslessJson, type JsonValue } from '../../core/json/losslessJson';
import { PsDate, PsEnum, PsPipeline, PsPropertyList, type PsObject, type PsValue } from '../output/psValue';
import type { StateStore } from '../persistence/stateStore';
import { answerCmdlet, type CmdletParameters } from './cmdletAnswers';

export function toWire(value: PsValue): JsonValue {
  if (typeof value === 'bigint') return { $u64: value.toString() };
  if (value instanceof PsEnum) return { $enum: value.name };
  if (value instanceof PsDate) return { $date: value.isoDate };
  if (value instanceof PsPipeline || value instanceof PsPropertyList) return value.items.map(toWire);
  if (Array.isArray(value)) return value.map((item: PsValue) => toWire(item));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value as PsObject)) out[key] = toWire(item);
    return out;
  }
  return value as JsonValue;
}

interface Request {
  readonly cmdlet: string;
  readonly parameters: CmdletParameters;
}

function parseRequest(line: string): Request {
  const parsed = JSON.parse(line) as Partial<Request>;
  if (typeof parsed.cmdlet !== 'string' || typeof parsed.parameters !== 'object' || parsed.parameters === null) {
    throw new Error('A request is {"cmdlet": string, "parameters": object}.');
  }
  return { cmdlet: parsed.cmdlet, parameters: parsed.parameters };
}

/** One line in, one line out; a malformed request is answered as the double's own failure. */
export function answerLine(store: StateStore, line: string): string {
  try {
    const request = parseRequest(line);
    const answer = answerCmdlet(store.current(), (rule) => store.mutate(rule), request.cmdlet, request.parameters, { dir: store.dir });
    return stringifyLosslessJson({
      output: answer.output.map(toWire),
      error: answer.error
        ? { message: answer.error.message, category: answer.error.category, fullyQualifiedErrorId: answer.error.fullyQualifiedErrorId }
        : null,
      warning: answer.warning ?? null,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return JSON.stringify({
      output: [],
      error: { message, category: 'NotSpecified', fullyQualifiedErrorId: 'DoubleServerFailure' },
      warning: null,
    });
  }
}

export interface CmdletServer {
  readonly socketPath: string;
  /** The requests answered so far: what the PowerShell side asked, one per double cmdlet call. */
  answered(): number;
  close(): Promise<void>;
}

/** Listens on `socketPath` (removed first if a previous run left it). */
export async function startCmdletServer(store: StateStore, socketPath: string): Promise<CmdletServer> {
  fs.rmSync(socketPath, { force: true });
  const connections = new Set<net.Socket>();
  let answered = 0;
  const server = net.createServer((connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    connection.on('error', () => connection.destroy());
    let pending = '';
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) {
          answered++;
          connection.write(`${answerLine(store, line)}\n`);
        }
        newline = pending.indexOf('\n');
      }
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
  return {
    socketPath,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.destroy();
        server.close(() => resolve());
      }),
  };
}
