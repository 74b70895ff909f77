/**
 * What the manifest gives a new user: the empty Hosts view offers to add a host as well as the demo
 * hosts, and every host row (but a cluster's node, removed with its cluster) has Remove Host….
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PANEL_COMMANDS } from '../../../src/core/panel/panelCommands';
import { REPO_ROOT } from '../../support/simulatedHost';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    viewsWelcome: { view: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]> & { 'view/item/context': { command: string; when: string }[] };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** Whether a `when` clause of ours holds for a tree item: `view == …` holds, each `viewItem =~ /re/` must match. */
function holds(when: string, contextValue: string): boolean {
  return when
    .split('||')
    .some((alternative) =>
      [...alternative.matchAll(/viewItem =~ \/((?:[^/\\]|\\.)+)\//g)].every((m) => new RegExp(m[1]!).test(contextValue)),
    );
}

describe('manifest: a way in and a way out', () => {
  it('the empty Hosts view offers Add Host…, Open Demo Hosts and Configure Hosts', () => {
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'gpupv.hosts');
    assert.ok(welcome);
    const text = nls[welcome.contents.replace(/^%|%$/g, '')] ?? '';
    const buttons = [...text.matchAll(/^\[([^\]]+)\]\(command:([^)]+)\)$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(buttons, [
      ['Add Host…', 'gpupv.addHost'],
      ['Open Demo Hosts', 'gpupv.openDemoHosts'],
      ['Configure Hosts', 'gpupv.configureHosts'],
    ]);
  });

  it('every host row has Remove Host…, a cluster too; a cluster’s node does not (its cluster is removed)', () => {
    const remove = manifest.contributes.menus['view/item/context'].filter((m) => m.command === 'gpupv.removeHost');
    const shown = (contextValue: string) => remove.some((m) => holds(m.when, contextValue));
    for (const row of [
      'host+local+unloaded',
      'host+simulated+loaded',
      'host+simulated+unloaded+error',
      'host+simulated+remote+loaded',
      'host+remote+remote+unloaded+error',
      'cluster+simulated+loaded',
    ])
      assert.ok(shown(row), `no Remove Host… on ${row}`);
    assert.ok(!shown('host+simulated+remote+member+loaded'), 'a node of a cluster');
    assert.ok(!shown('vm+off+gpu'), 'a VM');
  });
});

describe('manifest: command ids', () => {
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

  it('every menu entry, welcome link and panel button names a contributed command', () => {
    const inMenus = Object.values(manifest.contributes.menus).flatMap((entries) => entries.map((e) => e.command));
    const welcomeText = manifest.contributes.viewsWelcome.map((w) => nls[w.contents.replace(/^%|%$/g, '')] ?? w.contents).join('\n');
    const inWelcome = [...welcomeText.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
    for (const [where, ids] of [
      ['menus', inMenus],
      ['welcome views', inWelcome],
      ['panel', PANEL_COMMANDS],
    ] as const)
      assert.deepEqual(
        ids.filter((id) => !contributed.has(id)),
        [],
        `${where} name commands package.json does not contribute`,
      );
    assert.ok(inWelcome.length >= 3, 'the welcome views were read');
  });

  it('every contributed command has a title in package.nls.json', () => {
    for (const c of manifest.contributes.commands) {
      const key = /^%(.+)%$/.exec(c.title)?.[1];
      assert.ok(key && nls[key], `${c.command}: title ${c.title} has no text in package.nls.json`);
    }
  });
});
