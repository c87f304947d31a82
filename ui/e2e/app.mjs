// The real desktop app, end to end, under Xvfb through tauri-driver and
// WebKitWebDriver: open it on a fresh workbook and see the sample; edit a
// response and wait for "Saved"; type more and close the window at once;
// start it again and find all of it;
// import a committee document through the import dialog and export it.
// Screenshots go to e2e/screenshots/.
import { execFileSync, execSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webdriver } from './webdriver.mjs';

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
  check(returned.startsWith(`Saved 1 answer to ${env.KLOE_CHOOSE_RESPONSE}`) && existsSync(env.KLOE_CHOOSE_RESPONSE), `"Return to council" saved the signed-off answer (${returned})`);
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
  await screenshot(s, 'app-merge.png');
  await click(s, '.modal button.primary');
  const imported = await until('the import', async () => {
    const t = await text(s, '.modal .banner.info');
    return t.startsWith('Imported') && t;
  });
  check(imported.includes('1 answer is now submitted (questions 9)'), `"Import responses" merged it (${imported})`);
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
