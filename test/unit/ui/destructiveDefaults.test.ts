/**
 * No dialog of the extension makes a destructive answer its default. VS Code makes the first button
 * of a modal dialog the default one (Enter) and focuses it, so every message call in src/ is read
 * with the TypeScript parser: no destructive word may be a modal's first button, and a destructive
 * button may only come through confirmDestructive, whose safe answer comes first.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../../support/simulatedHost';

/** The words of answers that lose something nothing brings back. */
const DESTRUCTIVE = /^(?:Turn Off|Discard|Remove|Delete|Forget|Erase|Overwrite|Reset)\b/i;
const MESSAGES = new Set(['showWarningMessage', 'showInformationMessage', 'showErrorMessage']);
const HELPER = path.join('src', 'ui', 'dialogs.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

interface MessageCall {
  readonly where: string;
  readonly modal: boolean;
  /** The buttons as written: a literal's text, or the expression's source. */
  readonly buttons: readonly { readonly text: string; readonly literal: boolean }[];
  /** For confirmDestructive: its `safe` and `destructive` values as written. */
  readonly question?: { readonly safe: string; readonly destructive: string };
}

function literalText(node: ts.Node, file: ts.SourceFile): { text: string; literal: boolean } {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { text: node.text, literal: true };
  if (ts.isTemplateExpression(node)) return { text: node.head.text, literal: true };
  return { text: node.getText(file), literal: false };
}

function isModal(options: ts.Expression | undefined): boolean {
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some(
      (p) => ts.isPropertyAssignment(p) && p.name.getText() === 'modal' && p.initializer.kind === ts.SyntaxKind.TrueKeyword,
    )
  );
}

function property(object: ts.ObjectLiteralExpression, name: string, file: ts.SourceFile): string {
  const found = object.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name);
  return found ? literalText(found.initializer, file).text : '';
}

function messageCalls(file: string): MessageCall[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const calls: MessageCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MESSAGES.has(node.expression.name.text)) {
      const [, second, ...rest] = node.arguments;
      const hasOptions = second !== undefined && ts.isObjectLiteralExpression(second);
      const buttons = (hasOptions ? rest : [second, ...rest]).filter((a): a is ts.Expression => a !== undefined);
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      calls.push({
        where: `${path.relative(REPO_ROOT, file)}:${line + 1}`,
        modal: isModal(second),
        buttons: buttons.map((b) => literalText(b, source)),
      });
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'confirmDestructive') {
      const [question] = node.arguments;
      if (question && ts.isObjectLiteralExpression(question)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        calls.push({
          where: `${path.relative(REPO_ROOT, file)}:${line + 1}`,
          modal: true,
          buttons: [],
          question: { safe: property(question, 'safe', source), destructive: property(question, 'destructive', source) },
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

describe('no dialog makes a destructive answer its default', () => {
  const files = sourceFiles(path.join(REPO_ROOT, 'src'));
  const calls = files.flatMap(messageCalls);

  it('finds the extension’s dialogs (the scan reads the source)', () => {
    assert.ok(calls.filter((c) => c.modal && !c.question).length >= 4, `modal message calls found: ${calls.length}`);
    assert.ok(calls.filter((c) => c.question).length >= 3, 'confirmDestructive calls found');
  });

  it('no modal dialog’s first button is destructive', () => {
    const bad = calls.filter((c) => c.modal && c.buttons[0] && DESTRUCTIVE.test(c.buttons[0].text));
    assert.deepEqual(
      bad.map((c) => `${c.where}: ${c.buttons[0]!.text}`),
      [],
    );
  });

  it('a destructive button is offered only through confirmDestructive, whose safe answer is not destructive', () => {
    const outside = calls.filter(
      (c) => !c.question && !c.where.startsWith(HELPER) && c.buttons.some((b) => b.literal && DESTRUCTIVE.test(b.text)),
    );
    assert.deepEqual(
      outside.map((c) => `${c.where}: ${c.buttons.map((b) => b.text).join(' | ')}`),
      [],
    );
    for (const c of calls.filter((call) => call.question)) {
      assert.ok(!DESTRUCTIVE.test(c.question!.safe), `${c.where}: the safe answer "${c.question!.safe}" is destructive`);
      assert.ok(c.question!.destructive !== '', `${c.where}: no destructive answer named`);
    }
  });

  it('confirmDestructive passes the safe answer as the first button', () => {
    const [helper] = messageCalls(path.join(REPO_ROOT, HELPER)).filter((c) => !c.question);
    assert.ok(helper, 'the helper shows one message');
    assert.equal(helper.modal, true);
    assert.deepEqual(
      helper.buttons.map((b) => b.text),
      ['question.safe', 'question.destructive', '...(question.others ?? [])'],
    );
  });
});
