import assert from 'node:assert/strict';
import {
  composite,
  contrastRatio,
  effectiveBackground,
  isLargeText,
  parseColor,
  relativeLuminance,
  requiredRatio,
  type Rgba,
} from '../../support/contrast';

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };

function color(css: string): Rgba {
  const c = parseColor(css);
  assert.ok(c, `${css} did not parse`);
  return c;
}

function ratio(fg: string, bg: string): number {
  return Math.round(contrastRatio(color(fg), color(bg)) * 100) / 100;
}

describe('WCAG contrast maths', () => {
  it('gives the known ratios: #777 on white 4.48, #767676 4.54, #595959 7.0, black on white 21, a colour on itself 1', () => {
    assert.equal(ratio('#777', '#fff'), 4.48);
    assert.equal(ratio('#767676', '#ffffff'), 4.54);
    assert.equal(ratio('#595959', '#fff'), 7);
    assert.equal(ratio('#000', '#fff'), 21);
    assert.equal(ratio('#73c991', '#73c991'), 1);
  });

  it('is the same whichever colour is lighter: white text on the light theme’s #73c991 is 2.0:1', () => {
    assert.equal(ratio('#ffffff', '#73c991'), 2);
    assert.equal(ratio('#73c991', '#ffffff'), 2);
  });

  it('computes luminance from linearised sRGB (0 for black, 1 for white, 0.2126 for pure red)', () => {
    assert.equal(relativeLuminance(BLACK), 0);
    assert.equal(relativeLuminance(WHITE), 1);
    assert.equal(Math.round(relativeLuminance(color('#ff0000')) * 10_000) / 10_000, 0.2126);
  });

  it('parses what computed styles print: rgb(), rgba(), space syntax, percentages, color(srgb), hex, transparent', () => {
    assert.deepEqual(parseColor('rgb(59, 59, 59)'), { r: 59, g: 59, b: 59, a: 1 });
    assert.deepEqual(parseColor('rgba(156, 204, 44, 0.25)'), { r: 156, g: 204, b: 44, a: 0.25 });
    assert.deepEqual(parseColor('rgb(0 95 184 / 50%)'), { r: 0, g: 95, b: 184, a: 0.5 });
    assert.deepEqual(parseColor('rgb(100% 0% 0%)'), { r: 255, g: 0, b: 0, a: 1 });
    assert.deepEqual(parseColor('color(srgb 1 0.5 0 / 0.4)'), { r: 255, g: 127.5, b: 0, a: 0.4 });
    assert.deepEqual(parseColor('#0000001a'), { r: 0, g: 0, b: 0, a: 26 / 255 });
    assert.deepEqual(parseColor('#ABC'), { r: 0xaa, g: 0xbb, b: 0xcc, a: 1 });
    assert.deepEqual(parseColor('transparent'), { r: 0, g: 0, b: 0, a: 0 });
    assert.equal(parseColor('oklch(0.7 0.1 120)'), null);
    assert.equal(parseColor('#12345'), null);
  });

  it('paints a translucent colour over what lies under it', () => {
    assert.deepEqual(composite(color('rgba(0, 0, 0, 0.5)'), WHITE), { r: 127.5, g: 127.5, b: 127.5, a: 1 });
    assert.deepEqual(composite(color('transparent'), BLACK), BLACK);
    // translucent text is blended before the ratio: 50% black on white is a mid grey, not black
    assert.equal(Math.round(contrastRatio(color('rgba(0, 0, 0, 0.5)'), WHITE) * 100) / 100, 3.98);
  });

  it('finds the effective background: transparent layers skipped, translucent ones painted over the first opaque ancestor', () => {
    const layers = [color('transparent'), color('rgba(255, 0, 0, 0.2)'), color('#ffffff'), color('#000000')];
    assert.deepEqual(effectiveBackground(layers), { r: 255, g: 204, b: 204, a: 1 });
    assert.deepEqual(effectiveBackground([color('#1f1f1f')]), color('#1f1f1f'));
    assert.throws(() => effectiveBackground([color('transparent'), color('rgba(0, 0, 0, 0.5)')]), /no opaque background/);
    assert.throws(() => contrastRatio(BLACK, color('rgba(0, 0, 0, 0.5)')), /must be opaque/);
  });

  it('asks 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold) and for non-text UI', () => {
    assert.equal(requiredRatio('text', 13, 400), 4.5);
    assert.equal(requiredRatio('text', 13, 700), 4.5);
    assert.equal(requiredRatio('text', 20.8, 600), 4.5);
    assert.equal(requiredRatio('text', 19, 700), 3);
    assert.equal(requiredRatio('text', 24, 400), 3);
    assert.equal(requiredRatio('non-text'), 3);
    assert.equal(isLargeText(18.5, 700), false);
    assert.equal(isLargeText(18.67, 700), true);
  });
});
