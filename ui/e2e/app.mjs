// The real desktop app, end to end, under Xvfb through tauri-driver and
// WebKitWebDriver: open it on a fresh workbook and see the sample; edit a
// response and wait for "Saved"; quit; start it again and find the edit.
// Screenshots go to e2e/screenshots/.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const app = new URL('../../target/debug/kloe-workbook', import.meta.url).pathname;
const shots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const workdir = mkdtempSync(join(tmpdir(), 'kloe-app-'));
const display = ':97';
const port = 4444;
const env = { ...process.env, DISPLAY: display, KLOE_DB: join(workdir, 'workbook.kloe'), KLOE_AUTHOR: 'Test Officer' };

// Each helper process leads its own group, so it and its children can be
// stopped together (a lingering WebKitWebDriver would hold our output).
const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x860x24'], { detached: true, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 1000));
const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', '4446'], { env, detached: true, stdio: 'ignore' });
const stop = () => {
  for (const p of [driver, xvfb]) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {}
  }
};

const base = `http://127.0.0.1:${port}`;
async function wd(method, path, body) {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${path}: ${json.value.error}: ${json.value.message}`);
  return json.value;
}
async function until(what, f, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      if (Date.now() > end) throw e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
async function find(session, css) {
  const el = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: css });
  return el[ELEMENT] ?? Object.values(el)[0];
}
async function text(session, css) {
  return wd('GET', `/session/${session}/element/${await find(session, css)}/property/textContent`);
}
async function screenshot(session, name) {
  // Let two frames be painted first.
  await wd('POST', `/session/${session}/execute/async`, {
    script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
    args: [],
  });
  const png = await wd('GET', `/session/${session}/screenshot`);
  writeFileSync(join(shots, name), Buffer.from(png, 'base64'));
}
async function open() {
  await until('tauri-driver', () => fetch(`${base}/status`).then((r) => r.ok));
  const s = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  return s.sessionId;
}

let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};
const edit = 'Edited in the real app: £26,000 this year.';
try {
  let s = await open();
  const title = await until('the sample review', () => text(s, 'h1'));
  check(title.includes('Bolsover'), 'a fresh workbook opens on the sample review');
  await screenshot(s, 'app-editor.png');

  const box = await find(s, 'textarea');
  await wd('POST', `/session/${s}/element/${box}/clear`, {});
  await wd('POST', `/session/${s}/element/${box}/value`, { text: edit });
  await until('"Saved"', async () => (await text(s, '.save-state')) === 'Saved' && (await text(s, '.status')).length > 0);
  check(true, 'the edit is saved');
  await wd('DELETE', `/session/${s}`);

  s = await open();
  // The second time, the app opens on the list of reviews.
  const card = await until('the reviews list', () => find(s, '.review-open'));
  await wd('POST', `/session/${s}/element/${card}/click`, {});
  const value = await until('the editor', async () =>
    wd('GET', `/session/${s}/element/${await find(s, 'textarea')}/property/value`),
  );
  check(value === edit, 'after quitting and starting again, the edit is there');
  await screenshot(s, 'app-after-restart.png');
  await wd('DELETE', `/session/${s}`);
} catch (e) {
  console.log(`FAIL ${e.message ?? e}`);
  failed = true;
} finally {
  stop();
}
process.exit(failed ? 1 : 0);
