/**
 * The contrast check of a webview page, from its computed styles: every visible text against the
 * background it is painted on (the first opaque background up its ancestors, translucent layers
 * blended over it, through shadow roots and slots), and the non-text marks that carry a status
 * (badge outlines, status markers, bars) against what lies next to them. The maths is in
 * test/support/contrast.ts; the page only reports colours.
 */
import type { Locator } from 'playwright-core';
import { contrastRatio, effectiveBackground, parseColor, requiredRatio, type ContrastKind, type Rgba } from '../../support/contrast';

/** One thing painted on the page: its colour and the backgrounds under it, innermost first. */
export interface ContrastSample {
  readonly what: string;
  readonly kind: ContrastKind;
  readonly color: string;
  readonly layers: readonly string[];
  readonly fontSizePx: number;
  readonly fontWeight: number;
}

export interface ContrastResult extends ContrastSample {
  /** The opaque colour behind, as rgb(). */
  readonly background: string;
  readonly ratio: number;
  readonly required: number;
}

/**
 * A non-text mark: [selector, which colour ('color' an icon glyph's, 'before' a ::before marker's),
 * what it is drawn against ('self' the element's own background, 'parent' the one around it)].
 */
export type Mark = readonly [string, 'border' | 'background' | 'color' | 'before', 'self' | 'parent'];

/** The panel's status marks: badges' outlines, the devices' status markers, the bars. */
export const PANEL_MARKS: readonly Mark[] = [
  ['.badge-pass', 'border', 'parent'],
  ['.badge-fail', 'border', 'parent'],
  ['.ok', 'before', 'self'],
  ['.error-text', 'before', 'self'],
  ['.bar', 'border', 'parent'],
  ['.bar-fill', 'background', 'parent'],
];

/** Runs in the page: collects the samples (a self-contained function, serialised by Playwright). */
function collect(root: Element, options: { texts: boolean; marks: readonly Mark[] }): ContrastSample[] {
  const up = (el: Element): Element | null => {
    if (el.assignedSlot) return el.assignedSlot;
    if (el.parentElement) return el.parentElement;
    const parent = el.parentNode;
    return parent instanceof ShadowRoot ? parent.host : null;
  };
  const layers = (from: Element | null): string[] => {
    const out: string[] = [];
    for (let el = from; el; el = up(el)) out.push(getComputedStyle(el).backgroundColor);
    out.push(getComputedStyle(document.documentElement).backgroundColor);
    return out;
  };
  const label = (el: Element, text: string): string => {
    const cls = el.getAttribute('class') ?? '';
    return `${el.tagName.toLowerCase()}${cls ? `.${cls.split(/\s+/).join('.')}` : ''} "${text.trim().slice(0, 40)}"`;
  };
  const visible = (el: Element): boolean => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const samples: ContrastSample[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent ?? '';
      const owner = (node as Text).assignedSlot ?? node.parentElement;
      const host = node.parentElement;
      if (!text.trim() || !owner || !host || !visible(host) || host.closest('[disabled]')) return;
      const style = getComputedStyle(owner);
      samples.push({
        what: label(host, text),
        kind: 'text',
        color: style.color,
        layers: layers(owner),
        fontSizePx: parseFloat(style.fontSize),
        fontWeight: Number(style.fontWeight) || 400,
      });
      return;
    }
    if (node instanceof Element && node.shadowRoot) node.shadowRoot.childNodes.forEach(visit);
    node.childNodes.forEach(visit);
  };
  if (options.texts) visit(root);
  for (const [selector, part, against] of options.marks) {
    for (const el of Array.from(root.querySelectorAll(selector))) {
      if (!visible(el)) continue;
      const style = part === 'before' ? getComputedStyle(el, '::before') : getComputedStyle(el);
      if (part === 'before' && (style.content === 'none' || style.content === 'normal')) continue;
      const colors = { border: style.borderTopColor, background: style.backgroundColor, color: style.color, before: style.color };
      const color = colors[part];
      samples.push({
        what: `${label(el, el.textContent ?? '')} ${part}`,
        kind: 'non-text',
        color,
        layers: layers(against === 'self' ? el : up(el)),
        fontSizePx: 0,
        fontWeight: 0,
      });
    }
  }
  return samples;
}

/** Every visible text under `root` (unless `texts` is false) and every mark, with its ratio and the ratio WCAG AA asks. */
export async function measureContrast(
  root: Locator,
  options: { texts: boolean; marks: readonly Mark[] } = { texts: true, marks: PANEL_MARKS },
): Promise<ContrastResult[]> {
  const samples = await root.evaluate(collect, options);
  return samples.map((s) => {
    const parse = (css: string): Rgba => {
      const c = parseColor(css);
      if (!c) throw new Error(`${s.what}: cannot read the colour "${css}"`);
      return c;
    };
    const background = effectiveBackground(s.layers.map(parse));
    const ratio = contrastRatio(parse(s.color), background);
    const rgb = `rgb(${[background.r, background.g, background.b].map((v) => Math.round(v)).join(', ')})`;
    return { ...s, background: rgb, ratio, required: requiredRatio(s.kind, s.fontSizePx, s.fontWeight) };
  });
}

/** The results below their required ratio, one line per distinct failure (with how many times it occurs). */
export function contrastFailures(results: readonly ContrastResult[]): string[] {
  const counts = new Map<string, number>();
  for (const r of results.filter((x) => x.ratio < x.required)) {
    const line = `${r.what}: ${r.ratio.toFixed(2)}:1 < ${r.required}:1 (${r.color} on ${r.background})`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n > 1 ? `${line} ×${n}` : line));
}
