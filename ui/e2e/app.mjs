// The real desktop app, end to end, under Xvfb through tauri-driver and
// WebKitWebDriver: open it on a fresh workbook and see the sample; edit a
// response and wait for "Saved"; type more and close the window at once;
// start it again and find all of it;
// import a committee document through the import dialog and export it;
// send a partner pack, answer it in partner mode with the response to a
// recommendation, return and import it; follow the recommendations through
// the year, export the monitoring schedule (looked at as a PDF) and carry
// the unfinished one into next year's review.
// Screenshots go to e2e/screenshots/.
import { execFileSync, execSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idOf, webdriver } from './webdriver.mjs';

const app = new URL('../../target/debug/kloe-workbook', import.meta.url).pathname;
const shots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const workdir = mkdtempSync(join(tmpdir(), 'kloe-app-'));
const display = ':97';
const port = 4444;
const fixture = new URL('../../tests/fixtures/bolsover-csp-kloe-2019.txt', import.meta.url).pathname;
const unlabelled = new URL('../../tests/fixtures/import/officers-answers.txt', import.meta.url).pathname;
// The file dialog cannot be driven over WebDriver: the app takes the file
// to import from KLOE_CHOOSE_IMPORT instead of asking. It is the Bolsover
// paper first, a paper with unlabelled answers later.
const paper = join(workdir, 'committee-paper.txt');
copyFileSync(fixture, paper);
const env = {
  ...process.env,
  DISPLAY: display,
  KLOE_DB: join(workdir, 'workbook.kloe'),
  KLOE_AUTHOR: 'Test Officer',
  KLOE_CHOOSE_IMPORT: paper,
  KLOE_CHOOSE_EXPORT_DIR: workdir,
  // The pack "Send to partner" saves, and the answers "Return to council" saves.
  KLOE_CHOOSE_PACK: join(workdir, 'Police-questions.kloepack'),
  KLOE_CHOOSE_RESPONSE: join(workdir, 'Derbyshire-Police-answers.kloeresponse'),
  XDG_DATA_HOME: join(workdir, 'data'),
};

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
const { wd, until, find, findAll, text, textOf, click, clickOn, findByText } = webdriver(() => base);
async function screenshot(session, name) {
  // Let two frames be painted first, then take the screen as the officer
  // sees it (WebKitWebDriver's own screenshot can stall without GPU
  // compositing).
  await wd('POST', `/session/${session}/execute/async`, {
    script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
    args: [],
  });
  execFileSync('import', ['-window', 'root', '-display', display, join(shots, name)]);
}
async function open(args = []) {
  await until('tauri-driver', () => fetch(`${base}/status`).then((r) => r.ok));
  const s = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args } } },
  });
  return s.sessionId;
}

let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};
const edit = 'Edited in the real app: £26,000 this year.';
const more = ' Typed just before closing.';
try {
  let s = await open();
  // Types or chooses `value` in the open dialog's field whose label starts
  // with `label`, firing the field's own events as typing would.
  const setField = (label, value) =>
    wd('POST', `/session/${s}/execute/sync`, {
      script: `const [label, value] = arguments;
        const l = [...document.querySelectorAll('.modal label')].find((l) => l.textContent.trim().startsWith(label));
        const f = l && l.querySelector('input, textarea, select');
        if (!f) throw new Error('no field ' + label);
        f.value = value;
        f.dispatchEvent(new Event('input', { bubbles: true }));
        f.dispatchEvent(new Event('change', { bubbles: true }));`,
      args: [label, value],
    });
  // Ticks the open dialog's check box or radio button whose label reads so.
  const tick = (label) =>
    wd('POST', `/session/${s}/execute/sync`, {
      script: `const l = [...document.querySelectorAll('.modal label.check')].find((l) => l.textContent.trim().startsWith(arguments[0]));
        if (!l) throw new Error('no choice ' + arguments[0]);
        l.querySelector('input').click();`,
      args: [label],
    });
  // The button reading `label` on the recommendation `ref`.
  const onRec = async (ref, label) =>
    idOf(
      await wd('POST', `/session/${s}/execute/sync`, {
        script: `const [ref, label] = arguments;
          const rec = [...document.querySelectorAll('.rec')].find((r) => r.querySelector('.ref')?.textContent === ref);
          const b = rec && [...rec.querySelectorAll('button')].find((b) => b.textContent.trim() === label || b.getAttribute('aria-label') === label);
          if (!b) throw new Error('no ' + label + ' on ' + ref);
          return b;`,
        args: [ref, label],
      }),
    );
  const title = await until('the sample review', () => text(s, 'h1'));
  check(title.includes('Bolsover'), 'a fresh workbook opens on the sample review');
  await screenshot(s, 'app-editor.png');

  const box = await find(s, 'textarea');
  await wd('POST', `/session/${s}/element/${box}/clear`, {});
  await wd('POST', `/session/${s}/element/${box}/value`, { text: edit });
  await until('"Saved"', async () => (await text(s, '.save-state')) === 'Saved' && (await text(s, '.status')).length > 0);
  check(true, 'the edit is saved');

  // More words, and Ctrl+Q at once, before the autosave's pause is over:
  // the window saves them, then closes.
  await wd('POST', `/session/${s}/element/${box}/value`, { text: more });
  const pending = await text(s, '.save-state');
  await wd('POST', `/session/${s}/actions`, {
    actions: [{ type: 'key', id: 'keyboard', actions: [
      { type: 'keyDown', value: '\uE009' }, { type: 'keyDown', value: 'q' }, { type: 'keyUp', value: 'q' }, { type: 'keyUp', value: '\uE009' },
    ] }],
  });
  await until('the app to close', async () => !execSync("pgrep -f 'target/debug/[k]loe-workbook' || true").toString().trim());
  check(pending === 'Unsaved changes', 'the words were still waiting to be saved when the window was closed');
  await wd('DELETE', `/session/${s}`).catch(() => {});

  s = await open();
  // The second time, the app reopens the review last worked on.
  const value = await until('the editor', async () =>
    wd('GET', `/session/${s}/element/${await find(s, 'textarea')}/property/value`),
  );
  check(value === edit + more, `after quitting and starting again, the edit and the words typed just before closing are there (${JSON.stringify(value)})`);
  await screenshot(s, 'app-after-restart.png');

  // Import the Bolsover document through the import dialog.
  await click(s, '.editor-head button');
  await until('the reviews list', () => find(s, '.review-open'));
  await screenshot(s, 'app-home.png');
  await clickOn(s, await findByText(s, '.home-actions button', 'Import a document…'));
  const confirm = await until('the import preview', () => findByText(s, '.modal button', 'Import 16 questions'));
  const warnings = await text(s, '.warnings h3');
  check(warnings === '1 thing to check', `the preview shows what was found and its warnings (${warnings})`);
  await screenshot(s, 'app-import.png');
  // The answers in the document are final: import them approved.
  await click(s, '.modal label.check input[type=checkbox]');
  await clickOn(s, confirm);
  const count = await until('the imported review', async () => {
    const t = await text(s, '.outline-tools .muted');
    return t === '16 questions' && t;
  });
  check(count === '16 questions', 'the imported review opens with its 16 questions');
  check((await text(s, 'h1')).includes('Bolsover'), "under the document's title");

  // Export it as Word through the export dialog.
  await click(s, '.editor-head button.primary');
  await click(s, '.modal button.primary');
  const saved = await until('the export', async () => {
    const t = await text(s, '.modal .banner.info');
    return t.startsWith('Saved to ') && t.slice('Saved to '.length);
  });
  check(existsSync(saved) && statSync(saved).size > 0, `the export dialog wrote ${saved}`);
  const checker = new URL('../../tests/tools/check-docx', import.meta.url).pathname;
  try {
    execFileSync(checker, [saved], { stdio: 'pipe' });
    check(true, 'the exported document passes check-docx');
  } catch (e) {
    check(false, `the exported document passes check-docx: ${e.stdout}${e.stderr}`);
  }
  await screenshot(s, 'app-export.png');
  await clickOn(s, await findByText(s, '.modal button', 'Close'));
  // Who owes what, in the imported review: all 18 answers settled, so BDC
  // owes nothing; reopen two of BDC's and the counts follow, and the chase
  // e-mail asks for exactly those two.
  const tab = async (name) => clickOn(s, await until(`the ${name} tab`, () => findByText(s, '.tabs [role=tab]', name)));
  await tab('Who owes what');
  let heading = await until('the tracker', () => text(s, '.tracker-head h2'));
  check(heading === '18 of 18 answers settled', `the tracker counts the answers imported as approved (${heading})`);
  await tab('Questions');
  for (const n of ['1.', '2.']) {
    await clickOn(s, await until(`question ${n}`, () => findByText(s, '.outline-question .num', n)));
    await clickOn(s, await until('the reopen button', () => findByText(s, '.status-actions button', 'Reopen for editing')));
    await until('drafting', async () => (await text(s, '.response-head .status')) === 'drafting');
  }
  await tab('Who owes what');
  heading = await until('the new counts', async () => {
    const h = await text(s, '.tracker-head h2');
    return h !== '18 of 18 answers settled' && h;
  });
  check(heading === '16 of 18 answers settled', `after two answers are reopened the tracker says so (${heading})`);
  await clickOn(s, await findByText(s, '.matrix button', 'Chase…'));
  const mail = await until('the chase e-mail', () => text(s, '.mail'));
  const asked = mail.match(/Question \d+/g) ?? [];
  check(asked.join(',') === 'Question 1,Question 2', `the chase e-mail to BDC asks for exactly the two reopened answers (${asked.join(', ')})`);
  await screenshot(s, 'app-tracker.png');

  // Recommendations in the real app: one added for BDC after the meeting
  // and its progress recorded, shown in words on its colour.
  await tab('Recommendations');
  await clickOn(s, await until('the add button', () => findByText(s, '.recs-head button', '+ Recommendation')));
  const recText = await until('the recommendation dialog', () => find(s, '.modal textarea'));
  await wd('POST', `/session/${s}/element/${recText}/value`, { text: 'Publish a plan to reduce anti-social behaviour in Shirebrook.' });
  await click(s, '.modal fieldset input[type=checkbox]');
  await clickOn(s, await findByText(s, '.modal button', 'Add'));
  const reference = await until('the new recommendation', () => text(s, '.rec .ref'));
  check(reference === 'CSP (18/19) 01', `a recommendation added in the app takes its reference from the review's year (${reference})`);
  await clickOn(s, await findByText(s, '.rec button', 'Record progress…'));
  await until('the progress dialog', () => find(s, '.modal select'));
  await click(s, '.modal select option[value="at_risk"]');
  await wd('POST', `/session/${s}/element/${await find(s, '.modal textarea')}/value`, { text: 'Consultation delayed.' });
  await clickOn(s, await findByText(s, '.modal button', 'Record'));
  const standing = await until('the recorded progress', async () => {
    const t = await text(s, '.rec-top .chip');
    return t === 'At risk' && t;
  });
  check(standing === 'At risk', 'recorded progress shows in words on its colour');
  await screenshot(s, 'app-recommendations.png');
  await click(s, '.editor-head button');
  const cards = await until('two reviews', async () => {
    const els = await findAll(s, '.review-card');
    return els.length === 2 && els.length;
  });
  check(cards === 2, 'the reviews list now holds the sample and the imported review');

  // A paper whose answers have no labels: the preview asks whose they are
  // and lists the doubt; cancelled, nothing is imported.
  copyFileSync(unlabelled, paper);
  await clickOn(s, await findByText(s, '.home-actions button', 'Import a document…'));
  const legend = await until('the answered-by choice', () => text(s, '.answered-by legend'));
  check(legend === '3 answers are printed with no label. Whose are they?', `the preview asks whose the unlabelled answers are (${legend})`);
  const chosen = await wd('GET', `/session/${s}/element/${await find(s, '.answered-by select')}/property/value`);
  check(chosen === 'Unattributed', `until one is chosen they are kept as "Unattributed" (${chosen})`);
  const doubts = await text(s, '.warnings');
  check(doubts.includes('kept under a partner called "Unattributed"'), 'the preview lists the doubt about them');
  check(
    doubts.includes('Line 7: “£62,000, shared with the town council'),
    'the doubt shows the paragraph it is about: the first answer with no label, line 7',
  );
  await screenshot(s, 'app-import-unlabelled.png');
  await clickOn(s, await findByText(s, '.modal button', 'Cancel'));
  await until('the reviews list again', async () => (await findAll(s, '.modal')).length === 0);

  // The partner pack round trip, in one workbook standing in for both
  // machines: send the sample's Police questions, answer one in partner
  // mode, return it signed off, and import it back into the sample.
  const button = async (css, label) => clickOn(s, await until(label, () => findByText(s, css, label)));
  const openSample = async () => {
    for (const id of await findAll(s, '.review-open')) {
      if ((await textOf(s, id)).includes('Sample')) {
        await clickOn(s, id);
        return;
      }
    }
    throw new Error('no sample review in the list');
  };
  await openSample();
  // After the meeting, the committee's two recommendations: one to Police,
  // one to BDC and Police jointly. The pack asks Police's responses too.
  await tab('Recommendations');
  const closed = () => until('the dialog to close', async () => (await findAll(s, '.modal')).length === 0);
  for (const [words, partners] of [
    ['Publish a quarterly report of anti-social behaviour hotspots.', ['Derbyshire Police']],
    ['Agree a joint protocol for enforcing the town centre PSPO.', ['Bolsover District Council', 'Derbyshire Police']],
  ]) {
    await button('.recs-head button', '+ Recommendation');
    await until('the recommendation dialog', () => find(s, '.modal textarea'));
    await setField('What the committee recommended', words);
    for (const p of partners) await tick(p);
    await button('.modal button', 'Add');
    await closed();
  }
  const refs = [];
  for (const id of await findAll(s, '.rec .ref')) refs.push(await textOf(s, id));
  check(refs.join(', ') === 'CSP (18/19) 01, CSP (18/19) 02', `two recommendations added to the sample after its meeting (${refs.join(', ')})`);
  await tab('Who owes what');
  await button('.tracker-actions button', 'Send to partner…');
  await click(s, '.modal button.primary');
  const pack = await until('the pack', async () => {
    const t = await text(s, '.modal .banner.info');
    return t.startsWith('Saved to ') && t.slice('Saved to '.length).split('. Send')[0];
  });
  check(pack === env.KLOE_CHOOSE_PACK && existsSync(pack), `"Send to partner" saved the Police pack (${pack})`);
  await button('.modal button', 'Close');
  await click(s, '.editor-head button');
  await button('.home-actions button', 'Open a partner pack…');
  const partnerTag = await until('partner mode', () => text(s, '.partner-tag'));
  check(partnerTag === 'Answering for Derbyshire Police', `the pack opens in partner mode (${partnerTag})`);
  const numbers = [];
  for (const id of await findAll(s, '.outline-question .num')) numbers.push((await textOf(s, id)).trim());
  check(numbers.join(' ') === '9. 10. 11. 12.', `partner mode shows only Police's questions, by the council's numbers (${numbers.join(' ')})`);
  const partnerAnswer = 'Answered offline by Derbyshire Police in partner mode.';
  const answerBox = await until('the answer box', () => find(s, 'textarea'));
  await wd('POST', `/session/${s}/element/${answerBox}/clear`, {});
  await wd('POST', `/session/${s}/element/${answerBox}/value`, { text: partnerAnswer });
  await button('.status-actions button', 'Mark ready to return');
  await until('ready', async () => (await text(s, '.response-head .status')) === 'Ready to return');
  await screenshot(s, 'app-partner-mode.png');
  // Police's response to the recommendation addressed to it, in partner mode.
  await tab('Recommendations');
  await clickOn(s, await until('the response button', () => onRec('CSP (18/19) 01', "Write Police's response to CSP (18/19) 01")));
  await until('the response dialog', () => find(s, '.modal select'));
  await setField('Decision', 'accepted');
  await setField('What will be done', 'A hotspot report each quarter, the first in June.');
  await setField('Lead officer', 'Ch Insp Jane Smith');
  await setField('Target date', '2019-06-30');
  await setField('Then', 'submitted');
  await screenshot(s, 'app-rec-response.png');
  await button('.modal button', 'Save');
  await closed();
  const partnerRec = await until('the response ready', async () => {
    const t = await text(s, '.rec-responses');
    return t.includes('ready to return') && t;
  });
  check(partnerRec.includes('ready to return · accepted · lead Ch Insp Jane Smith'), `partner mode writes Police's response to its recommendation and marks it ready (${partnerRec.replace(/\s+/g, ' ').trim()})`);
  await tab('Questions');
  await button('.editor-head button', 'Return to council…');
  const [nameField, roleField] = await until('the sign-off fields', async () => {
    const fields = await findAll(s, '.modal fieldset input');
    return fields.length >= 2 && fields;
  });
  await wd('POST', `/session/${s}/element/${nameField}/clear`, {});
  await wd('POST', `/session/${s}/element/${nameField}/value`, { text: 'Jane Smith' });
  await wd('POST', `/session/${s}/element/${roleField}/value`, { text: 'Chief Inspector' });
  await click(s, '.modal button[type=submit]');
  const returned = await until('the response file', async () => {
    const t = await text(s, '.modal .banner.info');
    return t.startsWith('Saved ') && t;
  });
  check(returned.startsWith(`Saved 1 answer and 1 response to a recommendation to ${env.KLOE_CHOOSE_RESPONSE}`) && existsSync(env.KLOE_CHOOSE_RESPONSE), `"Return to council" saved the signed-off answer and response (${returned})`);
  await screenshot(s, 'app-return.png');
  await button('.modal button', 'Close');
  await click(s, '.editor-head button');
  await until('the reviews list', () => find(s, '.review-open'));
  await openSample();
  await tab('Who owes what');
  await button('.tracker-actions button', 'Import responses…');
  const item = await until('the merge preview', () => text(s, '.merge-item h3'));
  const change = await text(s, '.merge-item .muted');
  check(item === 'Question 9: Derbyshire Police Response' && change.startsWith('Takes the partner'), `the preview says what the import will change (${item}: ${change})`);
  const items = [];
  for (const id of await findAll(s, '.merge-item h3')) items.push(await textOf(s, id));
  check(items.includes('Recommendation CSP (18/19) 01'), `the preview shows the response to the recommendation too (${items.join(', ')})`);
  await screenshot(s, 'app-merge.png');
  await click(s, '.modal button.primary');
  const imported = await until('the import', async () => {
    const t = await text(s, '.modal .banner.info');
    return t.startsWith('Imported') && t;
  });
  check(imported.includes('1 answer is now submitted (questions 9)') && imported.includes('responses to recommendations submitted: CSP (18/19) 01'), `"Import responses" merged the answer and the response (${imported})`);
  await button('.modal button', 'Close');
  await tab('Questions');
  await clickOn(s, await until('question 9', () => findByText(s, '.outline-question .num', '9.')));
  const police = 'article.response[aria-label="Derbyshire Police Response"]';
  const merged = await until('the merged answer', async () => {
    const v = await wd('GET', `/session/${s}/element/${await find(s, `${police} textarea`)}/property/value`);
    return v === partnerAnswer && v;
  });
  const status = await text(s, `${police} .status`);
  check(merged === partnerAnswer && status === 'submitted', `the council's review holds the partner's answer, submitted (${status})`);

  // The officer writes the joint response from the partners' meeting, then
  // records progress on both through the year.
  await tab('Recommendations');
  const policeRec = await until('the merged response', async () => {
    const t = await text(s, '.rec-responses');
    return t.includes('submitted') && t;
  });
  check(policeRec.includes('submitted · accepted · lead Ch Insp Jane Smith'), `Police's response came by pack, submitted (${policeRec.replace(/\s+/g, ' ').trim()})`);
  await clickOn(s, await onRec('CSP (18/19) 02', "Write BDC and Police's response to CSP (18/19) 02"));
  await until('the response dialog', () => find(s, '.modal select'));
  await setField('Decision', 'partly');
  await setField('What will be done', 'A protocol for the town centre first, then the villages.');
  await setField('Lead officer', 'Jo Bloggs');
  await setField('Target date', '2019-12-31');
  await setField('Then', 'submitted');
  await button('.modal button', 'Save');
  await closed();
  for (const [ref, progress, note, day] of [
    ['CSP (18/19) 01', 'on_track', 'First report drafted.', '2019-05-01'],
    ['CSP (18/19) 02', 'not_started', 'Waiting for the new PSPO.', '2019-05-01'],
    ['CSP (18/19) 01', 'at_risk', 'Data late from the force.', '2019-07-01'],
    ['CSP (18/19) 02', 'on_track', 'Protocol drafted.', '2019-08-01'],
    ['CSP (18/19) 01', 'complete', 'Published each quarter.', '2019-10-01'],
    ['CSP (18/19) 02', 'off_track', 'Enforcement post vacant.', '2019-12-01'],
  ]) {
    await clickOn(s, await onRec(ref, 'Record progress…'));
    await until('the progress dialog', () => find(s, '.modal select'));
    await setField('Status', progress);
    await setField('What happened', note);
    await setField('On', day);
    await button('.modal button', 'Record');
    await closed();
  }
  const chips = [];
  for (const id of await findAll(s, '.rec-top .chip')) chips.push(await textOf(s, id));
  check(chips.join(', ') === 'Complete, Off track', `each recommendation shows where it stands, in words on its colour (${chips.join(', ')})`);
  const months = (await findAll(s, '.rag-month')).length;
  check(months >= 9, `the chart shows the months from the meeting to the last update (${months})`);
  await screenshot(s, 'app-recommendations-cycle.png');

  // The monitoring schedule, exported as Word and looked at as a PDF.
  await click(s, '.editor-head button.primary');
  await until('the export dialog', () => find(s, '.modal'));
  await tick('The monitoring schedule');
  await tick('Word document');
  await click(s, '.modal button.primary');
  const schedule = await until('the schedule', async () => {
    const t = await text(s, '.modal .banner.info');
    return t.startsWith('Saved to ') && t.slice('Saved to '.length).trim();
  });
  try {
    execFileSync(checker, [schedule], { stdio: 'pipe' });
    check(true, 'the exported schedule passes check-docx');
  } catch (e) {
    check(false, `the exported schedule passes check-docx: ${e.stdout}${e.stderr}`);
  }
  const pdfDir = join(workdir, 'schedule-pdf');
  execFileSync('soffice', [`-env:UserInstallation=file://${join(workdir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, schedule], { stdio: 'pipe' });
  const pdf = join(pdfDir, readdirSync(pdfDir).find((n) => n.endsWith('.pdf')));
  const pdfText = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  check(
    pdfText.includes('CSP (18/19) 02') && pdfText.includes('Off track') && pdfText.includes('Complete') && pdfText.includes('Jo Bloggs'),
    'the schedule, rendered by LibreOffice, lists both responses with their status in words',
  );
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, join(shots, 'app-schedule-pdf')]);
  await button('.modal button', 'Close');

  // A forged response: the partner's words changed after the file was
  // sealed, its SHA-256 made good again but not its HMAC. Refused, in plain words.
  execFileSync('python3', ['-c', `
import hashlib, json, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    manifest = json.loads(z.read('manifest.json'))
    content = z.read('content.json').replace(b'Answered offline', b'Forged later')
manifest['content_sha256'] = hashlib.sha256(content).hexdigest()
with zipfile.ZipFile(path, 'w') as z:
    z.writestr('manifest.json', json.dumps(manifest))
    z.writestr('content.json', content)
`, env.KLOE_CHOOSE_RESPONSE]);
  await tab('Who owes what');
  await button('.tracker-actions button', 'Import responses…');
  const forged = await until('the refusal of the forged response', () => text(s, '.modal .banner.error'));
  check(forged.includes('does not prove it was made from the pack sent to Derbyshire Police') && !forged.includes('\n'), `a forged response is refused in one clear message (${forged})`);
  await screenshot(s, 'app-forged-response.png');
  await button('.modal button', 'Cancel');

  // "Send to partner" told to save onto the workbook itself (the chosen
  // file is a link to it): refused, the workbook untouched.
  const workbookBefore = readFileSync(env.KLOE_DB);
  const packBytes = readFileSync(env.KLOE_CHOOSE_PACK);
  rmSync(env.KLOE_CHOOSE_PACK);
  symlinkSync(env.KLOE_DB, env.KLOE_CHOOSE_PACK);
  await button('.tracker-actions button', 'Send to partner…');
  await click(s, '.modal button.primary');
  const onto = await until('the refusal to write over the workbook', () => text(s, '.modal .banner.error'));
  check(onto.includes('is the workbook itself') && readFileSync(env.KLOE_DB).equals(workbookBefore), `saving a pack onto the workbook is refused and changes nothing (${onto})`);
  await screenshot(s, 'app-output-onto-workbook.png');
  await button('.modal button', 'Cancel');
  rmSync(env.KLOE_CHOOSE_PACK);
  writeFileSync(env.KLOE_CHOOSE_PACK, packBytes);

  // Next year's review carries the unfinished recommendation, with its
  // history, and asks its partners what became of it.
  await click(s, '.editor-head button');
  await until('the reviews list', () => find(s, '.review-open'));
  const startNext = idOf(
    await wd('POST', `/session/${s}/execute/sync`, {
      script: `const card = [...document.querySelectorAll('.review-card')].find((c) => c.querySelector('.review-open')?.textContent.includes('Sample'));
        return [...card.querySelectorAll('button')].find((b) => b.textContent.trim() === "Start next year's…");`,
      args: [],
    }),
  );
  await clickOn(s, startNext);
  await button('.modal button', "Start next year's review");
  await until("next year's review", () => find(s, '.outline'));
  await tab('Recommendations');
  const carried = [];
  for (const id of await until('the carried recommendation', async () => {
    const ids = await findAll(s, '.rec .ref');
    return ids.length > 0 && ids;
  })) carried.push(await textOf(s, id));
  const carriedChip = await text(s, '.rec-top .chip');
  check(carried.join(', ') === 'CSP (18/19) 02' && carriedChip === 'Off track', `next year carries the unfinished recommendation, as it stood (${carried.join(', ')}: ${carriedChip})`);
  await screenshot(s, 'app-next-year-recommendations.png');
  await tab('Questions');
  // (The outline draws only the rows in view: search for the question.)
  await wd('POST', `/session/${s}/execute/sync`, {
    script: `const f = document.querySelector('.search input');
      f.value = 'What progress has been made on recommendation';
      f.dispatchEvent(new Event('input', { bubbles: true }));`,
    args: [],
  });
  const progressAsked = await until('the question on it', async () => {
    const t = await text(s, '.outline-question');
    return t.includes('What progress has been made on recommendation CSP (18/19) 02') && t;
  });
  check(progressAsked !== '', `and asks what progress has been made on it (${progressAsked.replace(/\s+/g, ' ').trim().slice(0, 90)})`);
  await wd('DELETE', `/session/${s}`);
  await until('the app to close', async () => !execSync("pgrep -f 'target/debug/[k]loe-workbook' || true").toString().trim());

  // Opening a .kloepack file starts the app on it (the file association
  // passes the file's path): the partner's copy, with its answer kept.
  s = await open([env.KLOE_CHOOSE_PACK]);
  const reopened = await until('partner mode from the file', () => text(s, '.partner-tag'));
  const keptAnswer = await until('the kept answer', async () => {
    const v = await wd('GET', `/session/${s}/element/${await find(s, 'textarea')}/property/value`);
    return v === partnerAnswer && v;
  });
  check(reopened === 'Answering for Derbyshire Police' && keptAnswer === partnerAnswer, 'starting the app with the pack file reopens the partner copy, answer kept');
  await wd('DELETE', `/session/${s}`);
  await until('the app to close', async () => !execSync("pgrep -f 'target/debug/[k]loe-workbook' || true").toString().trim());

  // A partner's response file opens in the import preview (this one was
  // forged above, so the preview refuses it, changing nothing).
  s = await open([env.KLOE_CHOOSE_RESPONSE]);
  const opened = await until('the import preview of the response', () => text(s, '.modal .banner.error'));
  check(opened.includes('does not prove it was made from the pack'), `starting the app with a response file opens its import preview, which refuses a forged one (${opened})`);
  await wd('DELETE', `/session/${s}`);
  await until('the app to close', async () => !execSync("pgrep -f 'target/debug/[k]loe-workbook' || true").toString().trim());

  // A workbook file opens as the workbook.
  const other = join(workdir, 'another council.kloe');
  execFileSync(new URL('../../target/debug/kloe', import.meta.url).pathname, ['--db', other, 'new', 'Another council’s review 2026'], { env });
  s = await open([other]);
  const otherTitle = await until('the other workbook', () => text(s, '.review-card .review-title'));
  check(otherTitle === 'Another council’s review 2026', `starting the app with a workbook file opens that workbook (${otherTitle})`);
  await wd('DELETE', `/session/${s}`);
  await until('the app to close', async () => !execSync("pgrep -f 'target/debug/[k]loe-workbook' || true").toString().trim());

  // The workbook file is damaged while the app is closed: the app starts on
  // its newest good backup, offered plainly, and keeps the damaged file.
  const db = env.KLOE_DB;
  const bytes = readFileSync(db);
  bytes.fill(0x5a, 100);
  writeFileSync(db, bytes);
  for (const side of ['-wal', '-shm']) rmSync(db + side, { force: true });
  s = await open();
  const trouble = await until('the recovery screen', () => text(s, '.recovery h1'));
  check(trouble === 'Your workbook could not be opened', `a damaged workbook opens on the recovery screen, not a blank or dead app (${trouble})`);
  await screenshot(s, 'app-recovery.png');
  await click(s, '.recovery button.primary');
  const recovered = await until('the reviews after recovery', async () => {
    const els = await findAll(s, '.review-card');
    return els.length > 0 && els.length;
  });
  const kept = readdirSync(workdir).filter((n) => n.includes('.damaged-'));
  check(recovered >= 2 && kept.length === 1, `restoring the newest backup brings the reviews back (${recovered}) and keeps the damaged file (${kept.join(', ')})`);
  await wd('DELETE', `/session/${s}`);
} catch (e) {
  console.log(`FAIL ${e.message ?? e}`);
  failed = true;
} finally {
  stop();
}
process.exit(failed ? 1 : 0);
