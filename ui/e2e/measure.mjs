// Measures the desktop app as an officer meets it, under Xvfb through
// tauri-driver (a measurement, not a test; results go to BENCHMARKS.md):
//   - start: launching the app until the sample's first question is drawn;
//   - memory: the app with all its WebKit processes (RSS and PSS summed),
//     with the sample open and with a 2,000-question review open;
//   - save: from the last keystroke to the save being durable ("Saved" is
//     shown only once the core has committed with synchronous=FULL);
//   - the outline with 2,000 questions: frame times while scrolling, rows
//     drawn, and time to select the next question;
//   - typing while the workbook exports, imports and backs up: each
//     keystroke's time to be drawn, and every autosave completing.
// Run with scripts/measure-app.sh, which builds the release app first.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webdriver } from './webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const app = join(root, 'target/release/kloe-workbook');
const kloe = join(root, 'target/release/kloe');
const runs = Number(process.env.RUNS ?? 7);
const display = ':96';
// Each driver start gets fresh ports: a killed driver's may not be free yet.
let port = 4454;
const work = mkdtempSync(join(tmpdir(), 'kloe-measure-'));

const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x860x24'], { detached: true, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 1000));
let driver = null;
const stopDriver = () => {
  if (driver) {
    try {
      process.kill(-driver.pid, 'SIGKILL');
    } catch {}
    driver = null;
  }
};
const stopAll = () => {
  stopDriver();
  try {
    process.kill(-xvfb.pid, 'SIGKILL');
  } catch {}
};

const base = () => `http://127.0.0.1:${port}`;
// Polls every 5 ms, so the times measured are not rounded up to a poll.
const { wd, until, find } = webdriver(base, { poll: 5, wait: 30000 });
const run = (s, script, args = []) => wd('POST', `/session/${s}/execute/sync`, { script, args });
const runAsync = (s, script, args = []) => wd('POST', `/session/${s}/execute/async`, { script, args });

/**
 * Starts tauri-driver for a workbook; each start is a fresh app process.
 * The web view's own storage sits beside the workbook, so the app reopens
 * the review last worked on, as it does for an officer.
 */
async function driverFor(db) {
  stopDriver();
  port += 10;
  const env = { ...process.env, DISPLAY: display, KLOE_DB: db, KLOE_AUTHOR: 'Measure', XDG_DATA_HOME: `${db}.data` };
  driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 2)], { env, detached: true, stdio: 'ignore' });
  await until('tauri-driver', () => fetch(`${base()}/status`).then((r) => r.ok));
}
async function session() {
  const s = await wd('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } } });
  return s.sessionId;
}

/** Every process descended from tauri-driver that is the app or WebKit's. */
function appProcesses() {
  const procs = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      procs.push({ pid: Number(d), ppid, name });
    } catch {}
  }
  const mine = new Set([driver.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) (mine.add(p.pid), (grew = true));
  }
  // WebKitWebDriver is the test's, not the app's.
  return procs.filter((p) => mine.has(p.pid) && /kloe-workbook|WebKit/.test(p.name) && !/WebDriver/.test(p.name));
}
function memory() {
  let rss = 0;
  let pss = 0;
  let anon = 0;
  const names = [];
  for (const p of appProcesses()) {
    try {
      const roll = readFileSync(`/proc/${p.pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      anon += Number(/^Anonymous:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      names.push(`${p.name} ${(Number(/^Rss:\s+(\d+)/m.exec(roll)?.[1] ?? 0) / 1024).toFixed(0)}/${(Number(/^Pss:\s+(\d+)/m.exec(roll)?.[1] ?? 0) / 1024).toFixed(0)} MB`);
    } catch {}
  }
  return { rssMB: rss / 1024, pssMB: pss / 1024, anonMB: anon / 1024, processes: names.sort().join(', ') };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x) => `${x.toFixed(0)} ms`;
const out = [];
const say = (line) => {
  console.log(line);
  out.push(line);
};

try {
  // 1. Start: a fresh workbook (first run adds the sample), then the same
  // workbook again, each a new app process.
  const starts = [];
  const sampleDb = join(work, 'sample.kloe');
  for (let i = 0; i < (process.env.ONLY === 'large' ? 0 : runs); i++) {
    await driverFor(sampleDb);
    const t0 = performance.now();
    const s = await session();
    await until('the first question', () => find(s, '.outline-question'));
    await until('the response editor', () => find(s, 'textarea'));
    starts.push(performance.now() - t0);
    if (i === 0) {
      await new Promise((r) => setTimeout(r, 1500));
      const m = memory();
      say(`memory, sample open: RSS ${m.rssMB.toFixed(0)} MB, PSS ${m.pssMB.toFixed(0)} MB, of which anonymous (heap, not shared libraries) ${m.anonMB.toFixed(0)} MB (RSS/PSS by process: ${m.processes})`);
    }
    if (i === runs - 1) {
      // 2. Save: type, then wait for "Saved" in the page, timed in the page.
      const saves = [];
      const box = await find(s, 'textarea');
      for (let k = 0; k < 10; k++) {
        await runAsync(
          s,
          `const done = arguments[0];
           const ta = document.querySelector('textarea');
           const state = ta.closest('.response').querySelector('.save-state');
           let last = 0;
           ta.addEventListener('input', () => (last = performance.now()));
           window.__saved = new Promise((resolve) => {
             const obs = new MutationObserver(() => {
               if (state.textContent === 'Saved' && last) { obs.disconnect(); resolve(performance.now() - last); }
             });
             obs.observe(state, { childList: true, characterData: true, subtree: true });
           });
           done();`,
        );
        await wd('POST', `/session/${s}/element/${box}/value`, { text: ` edit ${k}` });
        saves.push(await runAsync(s, 'const done = arguments[0]; window.__saved.then(done);'));
      }
      say(`save: last keystroke to durable, p50 ${ms(median(saves))}, max ${ms(Math.max(...saves))} (autosave waits 600 ms after typing stops; n=${saves.length})`);
    }
    await wd('DELETE', `/session/${s}`);
  }
  const again = starts.slice(1);
  if (starts.length) say(`start to the sample visible and editable: first run ${ms(starts[0])}${again.length ? `, then median ${ms(median(again))}, max ${ms(Math.max(...again))}` : ''} (n=${starts.length})`);

  // 3. A 2,000-question review.
  const lines = ['Annual Scrutiny Review – 2,000 questions', ''];
  const labels = ['Example District Council Response', 'Example Police Response', 'Example PCC Office Response'];
  for (let q = 1; q <= 2000; q++) {
    if (q % 100 === 1) lines.push(`Theme ${Math.ceil(q / 100)}`, '');
    lines.push(`${q}. Question ${q} about funding, partnership working and local crime trends in the district?`, '');
    lines.push(labels[q % 3], '');
    if (q % 3 !== 0) lines.push("The partnership's spend profile is attached; see the appendix.", '', 'Action groups meet monthly and spend is monitored quarterly.', '');
  }
  const doc = join(work, 'large.txt');
  writeFileSync(doc, lines.join('\n'));
  const largeDb = join(work, 'large.kloe');
  execFileSync(kloe, ['--db', largeDb, 'import', doc], { stdio: 'ignore' });
  await driverFor(largeDb);
  // What is WebKit's and not the page's: the same processes with the page
  // replaced by an empty one.
  const s0 = await session();
  await until('the reviews list', () => find(s0, '.review-open'));
  await wd('POST', `/session/${s0}/url`, { url: 'about:blank' });
  await new Promise((r) => setTimeout(r, 3000));
  const blank = memory();
  say(`memory, the same app with an empty page (about:blank), for comparison: RSS ${blank.rssMB.toFixed(0)} MB, PSS ${blank.pssMB.toFixed(0)} MB, anonymous ${blank.anonMB.toFixed(0)} MB (${blank.processes})`);
  await wd('DELETE', `/session/${s0}`);
  await driverFor(largeDb);
  const s = await session();
  const card = await until('the reviews list', () => find(s, '.review-open'));
  const t0 = performance.now();
  await wd('POST', `/session/${s}/element/${card}/click`, {});
  await until('the first question', () => find(s, '.outline-question'));
  await until('the response editor', () => find(s, 'textarea'));
  say(`open the 2,000-question review from the list: ${ms(performance.now() - t0)}`);
  await new Promise((r) => setTimeout(r, 1500));
  const m = memory();
  say(`memory, 2,000-question review open: RSS ${m.rssMB.toFixed(0)} MB, PSS ${m.pssMB.toFixed(0)} MB, anonymous ${m.anonMB.toFixed(0)} MB (${m.processes})`);

  const scroll = await runAsync(
    s,
    `const done = arguments[0];
     const el = document.querySelector('.outline-scroll');
     const frames = []; let rows = 0; let last = performance.now();
     function step() {
       const now = performance.now(); frames.push(now - last); last = now;
       rows = Math.max(rows, document.querySelectorAll('.outline-list > div').length);
       if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return done({ frames, rows, height: el.scrollHeight });
       el.scrollTop += 800;
       requestAnimationFrame(step);
     }
     requestAnimationFrame(step);`,
  );
  const f = scroll.frames.slice(1);
  say(`outline, 2,000 questions: scrolled ${Math.round(scroll.height)} px in ${f.length} frames of 800 px; frame p50 ${f.length ? median(f).toFixed(1) : '-'} ms, p95 ${pct(f, 95).toFixed(1)} ms, max ${Math.max(...f).toFixed(1)} ms; at most ${scroll.rows} rows drawn`);

  const select = await runAsync(
    s,
    `const done = arguments[0];
     const list = document.querySelector('.outline-list');
     list.focus();
     const times = []; let n = 0;
     function next() {
       const t = performance.now();
       list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
       requestAnimationFrame(() => requestAnimationFrame(() => {
         times.push(performance.now() - t);
         if (++n < 30) next(); else done(times);
       }));
     }
     next();`,
  );
  say(`outline, 2,000 questions: ArrowDown to the next question shown, p50 ${median(select).toFixed(1)} ms, max ${Math.max(...select).toFixed(1)} ms (two frames included, n=${select.length})`);

  // 4. Typing while the workbook is busy: the 2,000-question review is
  // exported to Word, the document imported again, and the workbook backed
  // up, one after the other through the app's own commands, while an
  // answer is typed in bursts with pauses that set off the autosave. Each
  // keystroke is timed from its input event to the second frame after it
  // (the frame that shows it); each autosave must come back "Saved".
  const busy = await runAsync(
    s,
    `const [doc, out, copy] = arguments;
     const done = arguments[arguments.length - 1];
     (async () => {
     const internals = window.__TAURI_INTERNALS__;
     const channel = () => '__CHANNEL__:' + internals.transformCallback(() => {});
     const review = (await internals.invoke('list_reviews'))[0].id;
     const ta = document.querySelector('textarea');
     const state = ta.closest('.response').querySelector('.save-state');
     let saves = 0;
     new MutationObserver(() => { if (state.textContent === 'Saved') saves++; })
       .observe(state, { childList: true, characterData: true, subtree: true });
     const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
     const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
     const work = [];
     let working = true;
     const timed = async (name, f) => { const t = performance.now(); const v = await f(); work.push([name, performance.now() - t]); return v; };
     let typing = true;
     (async () => {
       // Round after round until the typing is done: export the review,
       // import the document as a new review, back the workbook up, and
       // delete the imported review again (which backs up first too).
       while (typing) {
         await timed('export', () => internals.invoke('export_review', { review, options: { format: 'docx', only_approved: false, placeholder: 'Response awaited', final_copy: false }, template: null, path: out, progress: channel() }));
         const added = await timed('import', () => internals.invoke('import_file', { path: doc, approved: false, progress: channel() }));
         await timed('backup', () => internals.invoke('backup_now', { path: copy }));
         await timed('delete', () => internals.invoke('delete_review', { review: added }));
       }
     })().catch((e) => work.push(['failed', String(e.message ?? JSON.stringify(e))])).finally(() => (working = false));
     const keys = [];
     let pauses = 0;
     const t0 = performance.now();
     while (keys.length < 64) {
       for (let i = 0; i < 8; i++) {
         const t = performance.now();
         ta.focus();
         ta.setRangeText('x', ta.value.length, ta.value.length, 'end');
         ta.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'x', inputType: 'insertText' }));
         await frame();
         keys.push(performance.now() - t);
         await sleep(60);
       }
       // A pause long enough for the autosave (600 ms) to start.
       await sleep(800);
       pauses++;
     }
     typing = false;
     const busyFor = performance.now() - t0;
     while (working) await sleep(10);
     const waitFrom = performance.now();
     while (state.textContent !== 'Saved' && performance.now() - waitFrom < 30000) await sleep(10);
     done({ keys, work, saves, pauses, busyFor, lastSaved: state.textContent === 'Saved', lastSaveWait: performance.now() - waitFrom });
     })().catch((e) => done({ error: String(e.stack ?? e) }));`,
    [doc, join(work, 'busy-export.docx'), join(work, 'busy-copy.kloe')],
  );
  if (busy.error) throw new Error(`typing while busy: ${busy.error}`);
  const k = busy.keys;
  const over = k.filter((x) => x > 50).length;
  const kinds = {};
  for (const [n, t] of busy.work) (kinds[n] ??= []).push(t);
  const summary = Object.entries(kinds)
    .map(([n, ts]) => (typeof ts[0] === 'number' ? `${ts.length} ${n}s, median ${ms(median(ts))}` : `${n}: ${ts[0]}`))
    .join('; ');
  const held = busy.work.filter(([, t]) => typeof t === 'number').reduce((a, [, t]) => a + t, 0);
  say(`typing while busy (${summary}; the workbook busy ${ms(held)} of ${(busy.busyFor / 1000).toFixed(1)} s): ${k.length} keystrokes, input to drawn p50 ${median(k).toFixed(1)} ms, p95 ${pct(k, 95).toFixed(1)} ms, max ${Math.max(...k).toFixed(1)} ms, ${over} over 50 ms; autosaves seen ${busy.saves} after ${busy.pauses} pauses, the last one ${busy.lastSaved ? 'saved' : 'NOT saved'}`);
  await wd('DELETE', `/session/${s}`);
} catch (e) {
  console.log(`measurement failed: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  stopAll();
}
if (process.env.MEASURE_OUT) writeFileSync(process.env.MEASURE_OUT, `${out.join('\n')}\n`);
