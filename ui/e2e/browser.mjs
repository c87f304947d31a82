// The main officer flow in Debian's Chromium, against the screens built
// with a stand-in for the desktop shell: open the sample, edit a response
// and see it saved, reorder a question, change a status, search.
// Screenshots of the views go to e2e/screenshots/.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('./dist/', import.meta.url).pathname;
const shots = new URL('./screenshots/', import.meta.url).pathname;
await mkdir(shots, { recursive: true });
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const server = createServer(async (req, res) => {
  try {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(root)) throw new Error('outside');
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);

  await page.getByRole('heading', { level: 1 }).waitFor();
  check((await page.getByRole('heading', { level: 1 }).textContent()).includes('Bolsover'), 'the sample review opens first');
  check(await page.getByText('Sample review').isVisible(), 'it is labelled as a sample');
  await page.screenshot({ path: join(shots, 'editor.png') });

  // Edit question 2's answer and see it saved.
  await page.getByRole('option', { name: /^2\./ }).click();
  const box = page.getByRole('textbox', { name: 'BDC Response' });
  await box.fill('Spend profiles for **2017/18** and 2018/19 are attached.');
  await page.getByText('Saved', { exact: true }).waitFor({ timeout: 5000 });
  check(true, 'an edit is saved within a moment of typing stopping');
  check(await page.getByText('drafting', { exact: true }).first().isVisible(), 'editing an approved answer reopens it as drafting');

  // Change its status by the allowed transitions.
  await page.getByRole('button', { name: 'Mark submitted' }).click();
  await page.getByRole('button', { name: 'Mark approved' }).waitFor();
  check(await page.getByText('submitted', { exact: true }).first().isVisible(), 'the status changes to submitted');

  // Move question 2 down: it becomes question 3.
  await page.getByRole('button', { name: 'Move question down' }).click();
  await page.getByRole('heading', { level: 2, name: /^3\. Could you please provide a spending profile/ }).waitFor();
  check(true, 'moving a question down renumbers it');

  // Search.
  await page.getByRole('searchbox', { name: 'Search questions and answers' }).fill('PSPO');
  const shown = await page.getByRole('option').count();
  check(shown === 3, `search finds the three PSPO questions (found ${shown})`);
  await page.screenshot({ path: join(shots, 'search.png') });

  // The reviews home.
  await page.getByRole('button', { name: '← All reviews' }).click();
  await page.getByRole('heading', { name: 'Your reviews' }).waitFor();
  await page.screenshot({ path: join(shots, 'home.png') });
  check(errors.length === 0, `no script errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
} catch (e) {
  console.log(`FAIL ${e}`);
  failed = true;
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
