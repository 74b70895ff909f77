/**
 * WCAG 2.2 contrast maths for the e2e contrast check: CSS colours as a browser's computed styles
 * print them, alpha compositing of a colour over what lies under it, relative luminance, the
 * contrast ratio, and the minimum ratio success criteria 1.4.3 (text) and 1.4.11 (non-text UI) ask.
 */

export interface Rgba {
  /** 0–255, not rounded: a composited colour keeps its fraction. */
  readonly r: number;
  readonly g: number;
  readonly b: number;
  /** 0–1. */
  readonly a: number;
}

export const TRANSPARENT: Rgba = { r: 0, g: 0, b: 0, a: 0 };

function clamp(value: number, max: number): number {
  return Math.min(max, Math.max(0, value));
}

/** A channel as `rgb()` writes it: a number (0–255) or a percentage. */
function channel(text: string): number {
  return text.endsWith('%') ? (parseFloat(text) / 100) * 255 : parseFloat(text);
}

/** An alpha as CSS writes it: a number (0–1) or a percentage. */
function alpha(text: string | undefined): number {
  if (text === undefined) return 1;
  return clamp(text.endsWith('%') ? parseFloat(text) / 100 : parseFloat(text), 1);
}

function fromHex(hex: string): Rgba | null {
  const digits = hex.length <= 4 ? [...hex].map((d) => d + d).join('') : hex;
  if (!/^(?:[0-9a-f]{6}|[0-9a-f]{8})$/i.test(digits)) return null;
  const byte = (i: number) => parseInt(digits.slice(i, i + 2), 16);
  return { r: byte(0), g: byte(2), b: byte(4), a: digits.length === 8 ? byte(6) / 255 : 1 };
}

/** The parts of a functional notation, commas or spaces, with an optional `/ alpha`. */
function parts(body: string): { values: string[]; alpha: string | undefined } {
  const [main, slashAlpha] = body.split('/').map((s) => s.trim());
  const values = main!.split(/[\s,]+/).filter(Boolean);
  return { values, alpha: slashAlpha };
}

/**
 * Parses the colours a computed style holds: `rgb()`/`rgba()` (commas or spaces, numbers or
 * percentages), `color(srgb r g b / a)` (what color-mix() computes to), hex, and `transparent`.
 * Returns null for anything else (a colour in another space, a keyword): the caller says so.
 */
export function parseColor(css: string): Rgba | null {
  const text = css.trim().toLowerCase();
  if (text === 'transparent') return TRANSPARENT;
  if (text.startsWith('#')) return fromHex(text.slice(1));
  const rgb = /^rgba?\((.*)\)$/.exec(text);
  if (rgb) {
    const { values, alpha: slashAlpha } = parts(rgb[1]!);
    if (values.length < 3 || values.length > 4) return null;
    return { r: channel(values[0]!), g: channel(values[1]!), b: channel(values[2]!), a: alpha(slashAlpha ?? values[3]) };
  }
  const srgb = /^color\(srgb\s+(.*)\)$/.exec(text);
  if (srgb) {
    const { values, alpha: slashAlpha } = parts(srgb[1]!);
    if (values.length !== 3) return null;
    const unit = (v: string) => (v.endsWith('%') ? parseFloat(v) / 100 : parseFloat(v)) * 255;
    return { r: unit(values[0]!), g: unit(values[1]!), b: unit(values[2]!), a: alpha(slashAlpha) };
  }
  return null;
}

/** `top` painted over `bottom` (source-over); the result is opaque when `bottom` is. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return TRANSPARENT;
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

/**
 * What shows behind an element: its own background and its ancestors' (innermost first), painted
 * from the first opaque one upwards. Throws when none is opaque: the colour behind is unknown.
 */
export function effectiveBackground(layers: readonly Rgba[]): Rgba {
  const opaque = layers.findIndex((l) => l.a >= 1);
  if (opaque < 0) throw new Error('no opaque background among the element and its ancestors');
  return layers.slice(0, opaque).reduceRight((under, layer) => composite(layer, under), layers[opaque]!);
}

/** WCAG's relative luminance of an opaque sRGB colour. */
export function relativeLuminance(c: Rgba): number {
  const linear = (v: number) => {
    const s = clamp(v, 255) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

/** (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21. A translucent foreground is first painted over the background. */
export function contrastRatio(foreground: Rgba, background: Rgba): number {
  if (background.a < 1) throw new Error('the background must be opaque (use effectiveBackground)');
  const fg = relativeLuminance(composite(foreground, background));
  const bg = relativeLuminance(background);
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}

/** WCAG's large text: at least 18 pt (24 px), or 14 pt (18.66 px) bold. */
export function isLargeText(fontSizePx: number, fontWeight: number): boolean {
  return fontSizePx >= 24 || (fontSizePx >= (14 * 4) / 3 && fontWeight >= 700);
}

export type ContrastKind = 'text' | 'non-text';

/** AA minimum: 4.5:1 for text, 3:1 for large text (1.4.3) and for UI components and graphics (1.4.11). */
export function requiredRatio(kind: ContrastKind, fontSizePx = 0, fontWeight = 400): number {
  return kind === 'text' && !isLargeText(fontSizePx, fontWeight) ? 4.5 : 3;
}
