/**
 * The extension's log channel, writing every message as plain text (src/core/plainText.ts): what a
 * host or a guest answered can hold ANSI escapes, line breaks that would forge log lines, or 100 KB
 * of a device name. Everything else of the channel (show, level, dispose) is the channel's own.
 */
import type * as vscode from 'vscode';
import { plainText } from '../core/plainText';

const WRITERS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

function asText(value: unknown): unknown {
  if (typeof value === 'string') return plainText(value);
  if (value instanceof Error) return plainText(value.message);
  return value;
}

export function textOnlyLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return WRITERS.has(property) ? (...args: unknown[]) => method.apply(target, args.map(asText)) : method.bind(target);
    },
  });
}
