/**
 * What a line sent to the shell is. node-powershell frames every invocation with
 * `[Console]::Error.WriteLine("<delimiter>")` / `[Console]::Out.WriteLine("<delimiter>")` lines;
 * between them comes our module's import, a remote host's connect line, or one call of it.
 */
import { CONNECT_ENTRY_POINT, ENTRY_POINT, parseImportModule } from '../../host/wire';

export type CommandLine =
  | { readonly kind: 'blank' }
  | { readonly kind: 'write'; readonly stream: 'out' | 'err'; readonly text: string }
  | { readonly kind: 'import-module'; readonly path: string }
  | { readonly kind: 'call'; readonly line: string }
  | { readonly kind: 'connect'; readonly line: string }
  | { readonly kind: 'unknown'; readonly command: string; readonly line: string };

// PowerShell is case-insensitive for type, member and command names.
const CONSOLE_WRITE = /^\[Console\]::(Out|Error)\.WriteLine\("([^"]*)"\)$/i;

export function classifyLine(line: string): CommandLine {
  const text = line.trim();
  if (text === '') return { kind: 'blank' };
  const write = CONSOLE_WRITE.exec(text);
  if (write) return { kind: 'write', stream: write[1]!.toLowerCase() === 'out' ? 'out' : 'err', text: write[2]! };
  const modulePath = parseImportModule(text);
  if (modulePath !== null) return { kind: 'import-module', path: modulePath };
  const command = text.split(/\s+/)[0]!;
  if (command.toLowerCase() === ENTRY_POINT.toLowerCase()) return { kind: 'call', line: text };
  if (command.toLowerCase() === CONNECT_ENTRY_POINT.toLowerCase()) return { kind: 'connect', line: text };
  return { kind: 'unknown', command, line: text };
}
