// Renders the Marketplace icon (media/icon.png, 128x128: the gallery takes PNG only, no SVG) from the
// activity-bar icon media/icons/gpupv.svg: its strokes in white on a rounded square, in Debian's
// Chromium (the browser the tests use). Run it after changing the SVG and commit the PNG:
//
//   node scripts/render-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { cleanupAll, launchChromium } from './vscode/codeServer.mjs';
import { repoRoot } from './vscode/ensure-runtime.mjs';

const SIZE = 128;
const BACKGROUND = '#1e5f8c';
const source = path.join(repoRoot, 'media', 'icons', 'gpupv.svg');
const target = path.join(repoRoot, 'media', 'icon.png');

const svg = fs.readFileSync(source, 'utf8').replace(/\swidth="\d+"\s+height="\d+"/, ' width="96" height="96"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:22px;background:${BACKGROUND};color:#fff;display:flex;align-items:center;justify-content:center">${svg}</div>
</body></html>`;

try {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.screenshot({ path: target, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log(`${path.relative(repoRoot, target)}: ${fs.statSync(target).size} bytes from ${path.relative(repoRoot, source)}`);
} finally {
  await cleanupAll();
}
