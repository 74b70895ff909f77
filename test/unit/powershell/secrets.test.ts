// Static checks of how the built module opens sealed secrets (src/powershell/GpuPv/Private/Secrets):
// module logging records every argument of every command (an array item by item) and transcription
// every line, so the opened bytes, characters and derived keys may only ever be arguments of .NET
// methods; the refusals use the simulator's words; the sealed format is the TypeScript one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { SEALED_VERSION } from '../../../src/host/secrets/sealedSecret';
import { SECRET_TEXTS } from '../../../src/simulator/secrets/sessionKeys';
import {
  GPUPV_MODULE,
  hashtableAssignedTo,
  listCommands,
  listFunctions,
  loadPowerShellParser,
  repoFile,
  withoutComments,
} from '../../support/powershellSyntax';

/** Where a secret is open: the functions that handle its bytes, characters or keys. */
const OPENING = ['Unprotect-GpuPvSealedBytes', 'ConvertFrom-GpuPvSealedSecret', 'ConvertFrom-GpuPvCredential'];
/** The variables holding opened bytes, characters or keys in those functions. */
const OPEN_VARIABLES = /\$(?:plain|characters|character|aesKey|macKey|buffer)\b/i;

describe('PowerShell module GpuPv.psm1: sealed secrets (static checks)', function () {
  this.timeout(20_000);
  let text: string;

  before(async function () {
    this.timeout(10_000);
    await loadPowerShellParser();
    text = readFileSync(repoFile(GPUPV_MODULE), 'utf8');
  });

  function range(name: string): { line: number; endLine: number } {
    const fn = listFunctions(text).find((f) => f.name === name);
    assert.ok(fn, `${name} exists`);
    return fn;
  }

  it('never passes the opened bytes, characters or keys to a command, nor pipes them (module logging records arguments)', () => {
    const ranges = OPENING.map(range);
    const inside = listCommands(text).filter((c) => ranges.some((r) => c.line > r.line && c.line <= r.endLine));
    assert.ok(inside.length > 3, 'the functions call commands');
    const offenders = inside.filter((c) => OPEN_VARIABLES.test(c.text)).map((c) => `${c.line}: ${c.text}`);
    assert.deepEqual(offenders, []);
    const code = withoutComments(text).split('\n');
    const piped = ranges
      .flatMap((r) => code.slice(r.line - 1, r.endLine))
      .filter((l) => /\$(?:plain|characters|aesKey|macKey)\b[^|\n]*\|(?!\|)/i.test(l));
    assert.deepEqual(piped, [], 'no opened value in a pipeline');
  });

  it('clears what it opened: the bytes and characters (ConvertFrom-GpuPvSealedSecret) and the derived keys (Unprotect-GpuPvSealedBytes)', () => {
    const code = withoutComments(text).split('\n');
    const body = (name: string) => {
      const r = range(name);
      return code.slice(r.line - 1, r.endLine).join('\n');
    };
    assert.match(body('ConvertFrom-GpuPvSealedSecret'), /finally \{\s*\[Array\]::Clear\(\$plain, 0, \$plain\.Length\)/);
    assert.match(body('ConvertFrom-GpuPvSealedSecret'), /\[Array\]::Clear\(\$characters, 0, \$characters\.Length\)/);
    assert.match(body('Unprotect-GpuPvSealedBytes'), /foreach \(\$buffer in @\(\$aesKey, \$macKey\)\)[\s\S]*\[Array\]::Clear\(\$buffer/);
    assert.doesNotMatch(
      withoutComments(text),
      /GetNetworkCredential|ConvertFrom-SecureString|SecureStringToBSTR|PtrToString|UTF8\.GetString\(\$plain/i,
    );
  });

  it('refuses with the same ids and words as the simulated host', () => {
    const texts = hashtableAssignedTo(text, 'GpuPvSecretTexts');
    assert.ok(texts);
    assert.deepEqual(
      Object.fromEntries(Object.entries(texts).map(([id, value]) => [id, 'literal' in value ? value.literal : null])),
      SECRET_TEXTS,
    );
  });

  it('reads the sealed format the extension writes', () => {
    const pattern = /\$script:GpuPvSealedPattern = '([^']*)'/.exec(text)?.[1];
    assert.equal(pattern, `\\A${SEALED_VERSION}:([0-9a-f]{16}):([A-Za-z0-9+/]+={0,2})\\z`);
    assert.match(text, new RegExp(`\\$script:GpuPvSealedVersion = '${SEALED_VERSION}'`));
  });
});
