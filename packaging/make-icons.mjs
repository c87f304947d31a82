// Draws the app icon from packaging/icons/kloe-workbook.svg at 1024 pixels
// (in Chromium, with a transparent background), for `tauri icon` to make
// every size and format the platforms ask for into src-tauri/icons:
//   node packaging/make-icons.mjs && npx --prefix ui tauri icon packaging/icons/kloe-workbook-1024.png -o src-tauri/icons
// (keep 32x32, 64x64, 128x128, icon.png, icon.ico and icon.icns), and the
// other sizes the Linux desktop asks for with ImageMagick:
//   for n in 16 24 48 256; do convert packaging/icons/kloe-workbook-1024.png -resize ${n}x${n} -strip PNG32:src-tauri/icons/${n}x${n}.png; done
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../ui/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const svg = readFileSync(new URL('./icons/kloe-workbook.svg', import.meta.url), 'utf8');
const size = 1024;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: size, height: size } });
await page.setContent(
  `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
);
await page.screenshot({ path: new URL('./icons/kloe-workbook-1024.png', import.meta.url).pathname, omitBackground: true });
await browser.close();
