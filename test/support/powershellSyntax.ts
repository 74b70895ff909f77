/**
 * PowerShell syntax without PowerShell: tree-sitter-powershell (WASM) through web-tree-sitter.
 *
 * Call `await loadPowerShellParser()` once (a mocha `before` hook); every other helper is synchronous,
 * parses the text it is given, frees the tree and returns plain data (no tree-sitter objects escape).
 *
 * Where the grammar is laxer than PowerShell, the helpers follow PowerShell:
 * - a single-quoted string also ends at the typographic quotes U+2018-U+201B, and any two quote
 *   characters in a row are one escaped quote (PowerShell's tokenizer); the grammar only knows `'`;
 * - a parameter may start with an en dash, em dash or horizontal bar (`–Name`); the grammar reads
 *   that as a bare word;
 * - `3>$null` after a space is a redirection, the grammar reads a bare word.
 * Known grammar gaps (valid PowerShell it reports as errors): a list of bare words as a command
 * argument (`Select-Object A, B`); write `'A', 'B'` instead.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';

/** 1-based line; column as tree-sitter counts it (0-based offset in the line) + 1. */
export interface PsPosition {
  readonly line: number;
  readonly column: number;
}

export interface SyntaxProblem extends PsPosition {
  readonly message: string;
  /** The offending source text, shortened. */
  readonly text: string;
}

export type PsLiteralKind = 'verbatim' | 'expandable' | 'number' | 'bareword';

/** A value PowerShell takes as is: no variable, sub-expression, escape or operator in it. */
export interface PsLiteral {
  readonly kind: PsLiteralKind;
  /** The value PowerShell binds (quotes removed, doubled quotes undone). */
  readonly value: string;
}

export interface PsArgument extends PsPosition {
  /**
   * The grammar node type once single-child wrappers (array_literal_expression, unary_expression,
   * string_literal, integer_literal, ...) are looked through: `verbatim_string_characters`,
   * `expandable_string_literal`, `decimal_integer_literal`, `generic_token`, `variable`,
   * `array_literal_expression` (a list), `parenthesized_expression`, `script_block_expression`, ...
   */
  readonly kind: string;
  readonly text: string;
  /** Non-null when the value is exactly one literal, as PowerShell reads it. */
  readonly literal: PsLiteral | null;
}

export interface PsParameter extends PsPosition {
  /** Without the leading dash, as written (case kept). */
  readonly name: string;
  /** As written, e.g. `-Name` or `–Name`. */
  readonly written: string;
  /** `-Name:value` */
  readonly colonBound: boolean;
  /**
   * The argument that follows the parameter, if any. For a switch parameter that is not colon-bound
   * this is really a positional argument: only the signature table can tell.
   */
  readonly value: PsArgument | null;
}

export interface PsCommand extends PsPosition {
  /** The command name without module qualifier (`Get-VM` for `Hyper-V\Get-VM`); the source text when dynamic. */
  readonly name: string;
  /** `Hyper-V` for `Hyper-V\Get-VM`, else null. */
  readonly module: string | null;
  readonly invocation: '&' | '.' | null;
  /** The command is an expression (`& $block`, `& $name`): nothing static to check. */
  readonly dynamic: boolean;
  readonly parameters: readonly PsParameter[];
  /** Arguments not consumed as a parameter value (syntactically). */
  readonly positional: readonly PsArgument[];
  /** `@splat` arguments (variable names without `@`). */
  readonly splats: readonly string[];
  readonly redirections: readonly string[];
  /** The whole command's source text. */
  readonly text: string;
}

export interface PsFunction extends PsPosition {
  readonly name: string;
  /** The 1-based line of the function's closing brace. */
  readonly endLine: number;
  /** Parameter names without `$`. */
  readonly parameters: readonly string[];
  /** [CmdletBinding()] or a [Parameter()] attribute: the function also takes the common parameters. */
  readonly advanced: boolean;
}

interface Loaded {
  readonly parser: Parser;
  readonly language: Language;
}

let loaded: Promise<Loaded> | undefined;
let ready: Loaded | undefined;

/** Loads web-tree-sitter and the PowerShell grammar once; later calls return the same promise. */
export function loadPowerShellParser(): Promise<void> {
  loaded ??= (async () => {
    // The grammar is a 1 MB WASM module; V8's optimising tier spends about 10 s of CPU on it in the
    // background, and node waits for that before the process can exit. The baseline compiler alone
    // parses our inputs in microseconds. Only WASM compiled after this point is affected.
    setFlagsFromString('--liftoff-only');
    const wts = await import('web-tree-sitter');
    await wts.Parser.init();
    const language = await wts.Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
    const parser = new wts.Parser();
    parser.setLanguage(language);
    ready = { parser, language };
    return ready;
  })();
  return loaded.then(() => undefined);
}

function parser(): Parser {
  if (!ready) throw new Error('call `await loadPowerShellParser()` first (e.g. in a mocha before hook)');
  return ready.parser;
}

/** Parses `text`, hands the root node to `inspect`, then frees the tree. Do not keep nodes. */
export function withPowerShellTree<T>(text: string, inspect: (root: Node) => T): T {
  const tree: Tree | null = parser().parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return inspect(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function positionOf(node: Node): PsPosition {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function shorten(text: string, max = 80): string {
  const flat = text.replace(/\r?\n/g, '⏎');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function* descendants(node: Node): Generator<Node> {
  for (const child of node.children) {
    yield child;
    yield* descendants(child);
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

export function syntaxErrorsIn(root: Node): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ERROR') {
      problems.push({ ...positionOf(node), message: 'syntax error', text: shorten(node.text) });
    } else if (node.isMissing) {
      problems.push({ ...positionOf(node), message: `missing ${node.type}`, text: '' });
    }
    if (!node.hasError) return;
    for (const child of node.children) visit(child);
  };
  visit(root);
  return problems;
}

/** Every syntax error of `text` with its position; empty when it parses cleanly. */
export function syntaxErrors(text: string): SyntaxProblem[] {
  return withPowerShellTree(text, syntaxErrorsIn);
}

export function formatProblem(p: SyntaxProblem): string {
  return `${p.line}:${p.column} ${p.message}${p.text ? ` near ${JSON.stringify(p.text)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Literals

const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const DASHES = /^[-\u2013\u2014\u2015]/;

/**
 * Reads a single-quoted string the way PowerShell's tokenizer does: it opens and closes with any of
 * ' ‘ ’ ‚ ‛, and two quote characters in a row stand for the second one. Returns the value, or null
 * when `text` is not exactly one such string (it ends early, or never).
 */
export function decodeVerbatimString(text: string): string | null {
  if (text.length < 2 || !SINGLE_QUOTES.has(text[0]!)) return null;
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (SINGLE_QUOTES.has(c)) {
      const next = text[i + 1];
      if (next !== undefined && SINGLE_QUOTES.has(next)) {
        value += next;
        i++;
        continue;
      }
      return i === text.length - 1 ? value : null;
    }
    value += c;
  }
  return null;
}

// Nodes that only wrap their one child (expression precedence levels and literal shells).
const WRAPPERS = new Set([
  'array_literal_expression',
  'unary_expression',
  'string_literal',
  'integer_literal',
  'range_expression',
  'format_expression',
  'multiplicative_expression',
  'additive_expression',
  'comparison_expression',
  'bitwise_expression',
  'logical_expression',
  'pipeline_chain',
  'pipeline',
]);

function unwrap(node: Node): Node {
  let current = node;
  while (WRAPPERS.has(current.type) && current.childCount === 1 && current.child(0)) current = current.child(0)!;
  return current;
}

function literalOf(inner: Node): PsLiteral | null {
  const text = inner.text;
  switch (inner.type) {
    case 'verbatim_string_characters': {
      const value = decodeVerbatimString(text);
      return value === null ? null : { kind: 'verbatim', value };
    }
    case 'expandable_string_literal': {
      // Literal only without variables, sub-expressions, escapes or other quote characters inside.
      if (inner.namedChildCount > 0 || text.length < 2) return null;
      const body = text.slice(1, -1).replace(/""/g, '"');
      if (/[$`]/.test(body) || [...body].some((c) => DOUBLE_QUOTES.has(c))) return null;
      return { kind: 'expandable', value: body };
    }
    case 'decimal_integer_literal':
    case 'hexadecimal_integer_literal':
    case 'real_literal':
      return { kind: 'number', value: text };
    case 'generic_token':
      // A bare word is expanded when it holds $ or a backtick, and quotes inside join strings.
      if (/[$`'"\u2018-\u201e]/.test(text) || DASHES.test(text)) return null;
      // In argument mode `1GB`, `0x10`, `3.5` are numbers.
      if (/^(?:\d+(?:\.\d+)?|0x[0-9a-f]+)[ld]?(?:kb|mb|gb|tb|pb)?$/i.test(text)) return { kind: 'number', value: text };
      return { kind: 'bareword', value: text };
    default:
      return null;
  }
}

function argumentOf(node: Node): PsArgument {
  const inner = unwrap(node);
  return { ...positionOf(node), kind: inner.type, text: node.text, literal: literalOf(inner) };
}

// ---------------------------------------------------------------------------------------------
// Commands

const REDIRECTION = /^(?:[1-6*])?>>?(?:&[12])?/;

function commandOf(node: Node): PsCommand {
  const nameNode = node.childForFieldName('command_name');
  const invocationNode = node.children.find((c) => c.type === 'command_invokation_operator') ?? null;
  const invocation = invocationNode ? (invocationNode.text as '&' | '.') : null;
  const rawName = nameNode?.text ?? '';
  // A literal command name: `Get-VM`, `Hyper-V\Get-VM`, or `& 'Get-VM'`. Anything else is dynamic.
  let dynamic = !nameNode || (invocation !== null && nameNode.type !== 'command_name');
  let name = rawName;
  let module: string | null = null;
  if (!dynamic) {
    if (nameNode!.type !== 'command_name' && !/^[A-Za-z][\w.-]*$/.test(rawName)) dynamic = true;
    const qualified = /^([A-Za-z][\w.-]*)\\([A-Za-z][\w-]*)$/.exec(rawName);
    if (qualified) {
      module = qualified[1]!;
      name = qualified[2]!;
    }
  }

  const parameters: PsParameter[] = [];
  const positional: PsArgument[] = [];
  const splats: string[] = [];
  const redirections: string[] = [];
  const items = node.childForFieldName('command_elements')?.children ?? [];
  let pendingColon = false;
  // The parameter read last, still waiting for its value (the next argument, if any).
  let open: Omit<PsParameter, 'value'> | undefined;

  for (const item of items) {
    if (item.type === 'command_argument_sep') {
      if (item.text === ':') pendingColon = true;
      continue;
    }
    const dashed = item.type === 'generic_token' && DASHES.test(item.text) && /^.[A-Za-z_?]/.test(item.text);
    if (item.type === 'command_parameter' || dashed) {
      if (open) parameters.push({ ...open, value: null });
      const written = item.text.replace(/:$/, '');
      open = { ...positionOf(item), name: written.replace(/^[-\u2013\u2014\u2015]+/, ''), written, colonBound: false };
      pendingColon = false;
      continue;
    }
    if (item.type === 'redirection' || (item.type === 'generic_token' && REDIRECTION.test(item.text))) {
      redirections.push(item.text);
      continue;
    }
    const inner = unwrap(item);
    if (inner.type === 'variable' && inner.text.startsWith('@')) {
      splats.push(inner.text.slice(1));
      continue;
    }
    if (open) {
      parameters.push({ ...open, colonBound: pendingColon, value: argumentOf(item) });
      open = undefined;
    } else {
      positional.push(argumentOf(item));
    }
    pendingColon = false;
  }
  if (open) parameters.push({ ...open, value: null });

  return {
    ...positionOf(node),
    name: dynamic ? rawName : name,
    module,
    invocation,
    dynamic,
    parameters,
    positional,
    splats,
    redirections,
    text: node.text,
  };
}

export function commandsIn(root: Node): PsCommand[] {
  const found: PsCommand[] = [];
  for (const node of descendants(root)) if (node.type === 'command') found.push(commandOf(node));
  return found;
}

/** Every command in `text`, in source order, nested ones (in parentheses, script blocks) included. */
export function listCommands(text: string): PsCommand[] {
  return withPowerShellTree(text, commandsIn);
}

export function functionsIn(root: Node): PsFunction[] {
  const found: PsFunction[] = [];
  for (const node of descendants(root)) {
    if (node.type !== 'function_statement') continue;
    const name = node.children.find((c) => c.type === 'function_name')?.text ?? '';
    // `function F($a)` or `function F { param($a) }`; nested functions are listed on their own.
    const declaration =
      node.children.find((c) => c.type === 'function_parameter_declaration') ??
      node.children.find((c) => c.type === 'script_block')?.children.find((c) => c.type === 'param_block') ??
      null;
    const list = declaration?.children.find((c) => c.type === 'parameter_list');
    const parameters = (list?.children ?? [])
      .filter((c) => c.type === 'script_parameter')
      .map((p) => p.children.find((c) => c.type === 'variable')?.text.replace(/^\$/, '') ?? '');
    const attributes = declaration
      ? [...descendants(declaration)].filter((n) => n.type === 'attribute_name').map((n) => n.text.toLowerCase())
      : [];
    const advanced = attributes.some((a) => a === 'cmdletbinding' || a === 'parameter');
    found.push({ ...positionOf(node), name, endLine: node.endPosition.row + 1, parameters, advanced });
  }
  return found;
}

/** The functions `text` defines, with their parameter names. */
export function listFunctions(text: string): PsFunction[] {
  return withPowerShellTree(text, functionsIn);
}

function keysOfHash(hash: Node): string[] {
  const body = hash.children.find((c) => c.type === 'hash_literal_body');
  return (body?.children ?? [])
    .filter((c) => c.type === 'hash_entry')
    .map((entry) => {
      const keyNode = entry.children.find((c) => c.type === 'key_expression');
      const inner = keyNode ? unwrap(keyNode.child(0) ?? keyNode) : null;
      const literal = inner ? literalOf(inner) : null;
      return literal ? literal.value : (keyNode?.text ?? '');
    });
}

/**
 * The keys of the hashtable literal assigned to `$variable` (scope prefix ignored: `$script:X`
 * matches `X`), top-level entries only, quotes removed. Null when there is no such assignment.
 */
export function hashtableKeysAssignedTo(text: string, variable: string): string[] | null {
  return withPowerShellTree(text, (root) => {
    for (const node of descendants(root)) {
      if (node.type !== 'assignment_expression') continue;
      const left = node.children.find((c) => c.type === 'left_assignment_expression');
      const target = left ? unwrap(left.child(0) ?? left) : null;
      if (!target || target.type !== 'variable') continue;
      const bare = target.text.replace(/^\$/, '').replace(/^(?:script|global|local|private):/i, '');
      if (bare.toLowerCase() !== variable.toLowerCase()) continue;
      const right = node.children.find((c) => c.type === 'pipeline');
      const hash = right ? unwrap(right) : null;
      return hash && hash.type === 'hash_literal_expression' ? keysOfHash(hash) : null;
    }
    return null;
  });
}

/** A hashtable literal read as data: literal values as PowerShell reads them, nested literals as objects, any other value as its source text. */
export interface PsHashtable {
  readonly [key: string]: { readonly literal: string } | { readonly hashtable: PsHashtable } | { readonly code: string };
}

function hashtableOf(hash: Node): PsHashtable {
  const out: Record<string, PsHashtable[string]> = {};
  const body = hash.children.find((c) => c.type === 'hash_literal_body');
  for (const entry of body?.children.filter((c) => c.type === 'hash_entry') ?? []) {
    const keyNode = entry.children.find((c) => c.type === 'key_expression');
    const keyInner = keyNode ? unwrap(keyNode.child(0) ?? keyNode) : null;
    const key = (keyInner ? literalOf(keyInner)?.value : undefined) ?? keyNode?.text ?? '';
    const valueNode = entry.children.find((c) => c.type === 'pipeline' || c.type === 'statement');
    const inner = valueNode ? unwrap(valueNode) : null;
    const literal = inner ? literalOf(inner) : null;
    if (inner && inner.type === 'hash_literal_expression') out[key] = { hashtable: hashtableOf(inner) };
    else if (literal) out[key] = { literal: literal.value };
    else out[key] = { code: valueNode?.text ?? '' };
  }
  return out;
}

/**
 * The hashtable literal assigned to `$variable` (scope prefix ignored), nested hashtables included,
 * or null when there is no such assignment.
 */
export function hashtableAssignedTo(text: string, variable: string): PsHashtable | null {
  return withPowerShellTree(text, (root) => {
    for (const node of descendants(root)) {
      if (node.type !== 'assignment_expression') continue;
      const left = node.children.find((c) => c.type === 'left_assignment_expression');
      const target = left ? unwrap(left.child(0) ?? left) : null;
      if (!target || target.type !== 'variable' || bareVariable(target.text) !== variable.toLowerCase()) continue;
      const right = node.children.find((c) => c.type === 'pipeline');
      const hash = right ? unwrap(right) : null;
      return hash && hash.type === 'hash_literal_expression' ? hashtableOf(hash) : null;
    }
    return null;
  });
}

/** The literal string list assigned to `$variable` (`@('a', 'b')`; scope prefix ignored), or null when there is not exactly one. */
export function stringListAssignedTo(text: string, variable: string): string[] | null {
  return withPowerShellTree(text, (root) => listAssignedTo(root, variable.toLowerCase()));
}

/**
 * The keys of every hashtable literal (`@{...}`, also behind `[pscustomobject]` or `[ordered]`) in
 * the body of function `functionName`, in source order, each with its top-level keys only.
 * Throws when the function does not exist.
 */
export function hashtableKeysInFunction(text: string, functionName: string): string[][] {
  return withPowerShellTree(text, (root) => {
    const fn = [...descendants(root)].find(
      (n) =>
        n.type === 'function_statement' &&
        n.children.find((c) => c.type === 'function_name')?.text.toLowerCase() === functionName.toLowerCase(),
    );
    if (!fn) throw new Error(`no function ${functionName}`);
    return [...descendants(fn)].filter((n) => n.type === 'hash_literal_expression').map(keysOfHash);
  });
}

// ---------------------------------------------------------------------------------------------
// Splatting

/** A variable's name as PowerShell looks it up: without `$`/`@` and scope prefix, lower case. */
function bareVariable(text: string): string {
  return text
    .replace(/^[$@]/, '')
    .replace(/^(?:script|global|local|private):/i, '')
    .toLowerCase();
}

/** The string values of a literal list (`'a', 'b'`, `@('a', 'b')`, one `'a'`), or null when any item is not a literal. */
function stringListOf(node: Node): string[] | null {
  let inner = unwrap(node);
  if (inner.type === 'array_expression') {
    const pipelines = inner.children.find((c) => c.type === 'statement_list')?.namedChildren ?? [];
    if (pipelines.length !== 1) return null;
    inner = unwrap(pipelines[0]!);
  }
  const items = inner.type === 'array_literal_expression' ? inner.children.filter((c) => c.type !== ',') : [inner];
  const values: string[] = [];
  for (const item of items) {
    const literal = literalOf(unwrap(item));
    if (!literal || (literal.kind !== 'verbatim' && literal.kind !== 'expandable')) return null;
    values.push(literal.value);
  }
  return values;
}

function assignmentParts(node: Node): { target: Node; operator: string; value: Node | null } | null {
  const left = node.children.find((c) => c.type === 'left_assignment_expression');
  const target = left ? unwrap(left.child(0) ?? left) : null;
  if (!target) return null;
  const operator = node.children.find((c) => c.type === 'assignement_operator')?.text ?? '=';
  const value = node.children.find((c) => c.type === 'pipeline') ?? null;
  return { target, operator, value };
}

/** The one literal string list assigned to `$name` anywhere in the text (scope prefix ignored), or null. */
function listAssignedTo(root: Node, name: string): string[] | null {
  const lists: (string[] | null)[] = [];
  for (const node of descendants(root)) {
    if (node.type !== 'assignment_expression') continue;
    const parts = assignmentParts(node);
    if (!parts || parts.target.type !== 'variable' || bareVariable(parts.target.text) !== name) continue;
    lists.push(parts.operator === '=' && parts.value ? stringListOf(parts.value) : null);
  }
  return lists.length === 1 ? lists[0]! : null;
}

/** The literal values a `foreach` loop variable takes at `at`: the collection of the nearest enclosing loop over it. */
function loopValues(root: Node, at: Node, variable: string): string[] | null {
  for (let node: Node | null = at.parent; node; node = node.parent) {
    if (node.type !== 'foreach_statement') continue;
    const loopVariable = node.children.find((c) => c.type === 'variable');
    if (!loopVariable || bareVariable(loopVariable.text) !== variable) continue;
    const collection = node.children.find((c) => c.type === 'pipeline');
    if (!collection) return null;
    const inner = unwrap(collection);
    return inner.type === 'variable' ? listAssignedTo(root, bareVariable(inner.text)) : stringListOf(collection);
  }
  return null;
}

/**
 * The keys a splatted hashtable variable can hold, from the code of its function (or of the whole
 * text outside functions): `$p = @{ A = ... }`, `$p['B'] = ...`, `$p.C = ...`, and `$p[$k] = ...`
 * inside `foreach ($k in <literal list, or a variable assigned one literal list>)`. Anything else
 * that could add a key (another kind of assignment, a method call on it, handing it to a command or
 * a method) makes the keys unknowable: the reason is returned instead.
 */
function splatKeys(root: Node, scope: Node, variable: string): { keys: string[]; added: string[] } | { problem: string } {
  const keys: string[] = [];
  const added: string[] = [];
  for (const node of descendants(scope)) {
    if (node.type === 'function_statement' && node !== scope) continue;
    if (node.type === 'variable' && bareVariable(node.text) === variable && node.text.startsWith('$')) {
      // How is the variable used here? Reads of a member or an element are harmless.
      const parent = node.parent;
      const usedAs = parent?.type ?? '';
      if (usedAs === 'invokation_expression')
        return { problem: `$${variable}.${parent!.children.find((c) => c.type === 'member_name')?.text ?? '?'}(...) may change its keys` };
      if (usedAs === 'element_access' || usedAs === 'member_access') continue;
      const assigned = findAncestor(node, 'left_assignment_expression');
      if (assigned) continue;
      // The value of an assignment (`$q = $p`) or an argument: another name could change its keys.
      if (findAncestor(node, 'command_elements') || findAncestor(node, 'argument_list') || findAncestor(node, 'assignment_expression')) {
        return { problem: `$${variable} is handed on (${shorten(parent?.text ?? node.text, 40)}), so its keys may change elsewhere` };
      }
      continue;
    }
    if (node.type !== 'assignment_expression') continue;
    const parts = assignmentParts(node);
    if (!parts) continue;
    const { target, operator, value } = parts;
    const base =
      target.type === 'variable' ? target : target.type === 'element_access' || target.type === 'member_access' ? target.child(0) : null;
    if (!base || base.type !== 'variable' || bareVariable(base.text) !== variable) continue;
    if (target.type === 'variable') {
      const hash = value ? unwrap(value) : null;
      if (operator !== '=' || !hash || hash.type !== 'hash_literal_expression')
        return { problem: `$${variable} is assigned something other than a hashtable literal: ${shorten(node.text, 60)}` };
      keys.push(...keysOfHash(hash));
    } else if (target.type === 'member_access') {
      const member = target.children.find((c) => c.type === 'member_name');
      if (!member || !/^[A-Za-z_]\w*$/.test(member.text)) return { problem: `dynamic member ${shorten(target.text, 60)}` };
      added.push(member.text);
    } else {
      const index = target.children.find((c) => c.type !== 'variable' && c.type !== '[' && c.type !== ']');
      const inner = index ? unwrap(index) : null;
      const literal = inner ? literalOf(inner) : null;
      if (literal && (literal.kind === 'verbatim' || literal.kind === 'expandable' || literal.kind === 'bareword')) {
        added.push(literal.value);
        continue;
      }
      const values = inner && inner.type === 'variable' ? loopValues(root, node, bareVariable(inner.text)) : null;
      if (!values) return { problem: `key of ${shorten(target.text, 60)} is not a literal or a loop over a literal list` };
      added.push(...values);
    }
  }
  if (keys.length === 0 && added.length === 0) return { problem: `no hashtable is assigned to $${variable}` };
  return { keys, added: added.filter((key) => !keys.includes(key)) };
}

function findAncestor(node: Node, type: string): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === type) return current;
    if (current.type === 'statement_list' || current.type === 'function_statement') return null;
  }
  return null;
}

export interface SplatResolution {
  /**
   * Every command as `listCommands` lists it, except that each `@name` it could resolve is gone from
   * `splats` and its keys appear in `parameters`, without a value: written `@name.Key` when the
   * hashtable literal holds the key, `@name[Key]` when it is added later (perhaps conditionally).
   */
  readonly commands: PsCommand[];
  /** The splats whose keys cannot be known statically, and why. */
  readonly problems: readonly string[];
}

/**
 * `listCommands`, with splatted hashtables resolved to the parameter names they can bind, so the
 * signature check covers `Add-VMGpuPartitionAdapter @parameters` too. See `splatKeys` for what
 * resolves; the keys of every assignment in the function count, whichever branch runs.
 */
export function listCommandsResolvingSplats(text: string): SplatResolution {
  return withPowerShellTree(text, (root) => {
    const problems: string[] = [];
    const commands: PsCommand[] = [];
    for (const node of descendants(root)) {
      if (node.type !== 'command') continue;
      const command = commandOf(node);
      if (command.splats.length === 0) {
        commands.push(command);
        continue;
      }
      let scope: Node = root;
      for (let current = node.parent; current; current = current.parent) {
        if (current.type === 'function_statement') {
          scope = current;
          break;
        }
      }
      const parameters = [...command.parameters];
      const splats: string[] = [];
      for (const splat of command.splats) {
        const found = splatKeys(root, scope, bareVariable(splat));
        if ('problem' in found) {
          problems.push(`${command.line}:${command.column} ${command.name} @${splat}: ${found.problem}`);
          splats.push(splat);
          continue;
        }
        const at = { line: command.line, column: command.column, colonBound: false, value: null };
        for (const key of found.keys) parameters.push({ ...at, name: key, written: `@${splat}.${key}` });
        for (const key of found.added) parameters.push({ ...at, name: key, written: `@${splat}[${key}]` });
      }
      commands.push({ ...command, parameters, splats });
    }
    return { commands, problems };
  });
}

/**
 * The code of the top-level function `name` in `text` (comments blanked): a text search stays inside
 * that function, wherever the build placed it in the module.
 */
export function functionCode(text: string, name: string): string {
  const fn = listFunctions(text).find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return withoutComments(text)
    .split('\n')
    .slice(fn.line - 1, fn.endLine)
    .join('\n');
}

/** `text` with every comment (`# ...`, `<# ... #>`) blanked out, line structure kept: for text searches in code only. */
export function withoutComments(text: string): string {
  return withPowerShellTree(text, (root) => {
    // tree-sitter indexes are UTF-16 code units in web-tree-sitter: String#slice positions match.
    const ranges = [...descendants(root)].filter((n) => n.type === 'comment').map((n) => [n.startIndex, n.endIndex] as const);
    let out = '';
    let at = 0;
    for (const [start, end] of ranges) {
      out += text.slice(at, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ');
      at = end;
    }
    return out + text.slice(at);
  });
}

/** An absolute path inside the repository (found from this file, compiled or not). */
export function repoFile(...segments: string[]): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'media'))) return join(dir, ...segments);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repository root not found above ${__dirname}`);
    dir = parent;
  }
}

/** The PowerShell module the extension loads on Windows hosts, as `npm run build` builds it from src/powershell/GpuPv. */
export const GPUPV_MODULE = 'dist/powershell/GpuPv.psm1';

// ---------------------------------------------------------------------------------------------
// One generated line

export interface SingleCommandCheck {
  readonly command: PsCommand | null;
  /** Empty when the line is one command whose every argument is one single-quoted literal. */
  readonly problems: readonly string[];
}

/**
 * What a generated call line must be: exactly one command, spanning the whole line, with no syntax
 * error, no positional or splatted argument, no redirection, and every parameter value exactly one
 * single-quoted literal as PowerShell reads it. Switch parameters (no value) are allowed.
 */
export function checkSingleCommandLine(line: string): SingleCommandCheck {
  return withPowerShellTree(line, (root) => {
    const problems: string[] = syntaxErrorsIn(root).map(formatProblem);
    const commands = commandsIn(root);
    if (commands.length !== 1) problems.push(`expected one command, found ${commands.length}`);
    const command = commands[0] ?? null;
    const statements = root.children.find((c) => c.type === 'statement_list')?.namedChildren.length ?? 0;
    if (statements !== 1) problems.push(`expected one statement, found ${statements}`);
    if (command) {
      if (command.text !== line.trim()) problems.push(`the command does not span the whole line: ${JSON.stringify(shorten(command.text))}`);
      if (command.dynamic) problems.push('the command name is dynamic');
      for (const a of command.positional) problems.push(`positional argument ${JSON.stringify(shorten(a.text))}`);
      for (const s of command.splats) problems.push(`splatted argument @${s}`);
      for (const r of command.redirections) problems.push(`redirection ${r}`);
      for (const p of command.parameters) {
        if (p.value && p.value.literal?.kind !== 'verbatim') {
          problems.push(`${p.written} takes ${p.value.kind} ${JSON.stringify(shorten(p.value.text))}, not one single-quoted literal`);
        }
      }
    }
    return { command, problems };
  });
}

/** The literal value bound to `-name` in `command` (case-insensitive), or undefined. */
export function parameterLiteral(command: PsCommand, name: string): string | undefined {
  const p = command.parameters.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return p?.value?.literal?.value;
}
