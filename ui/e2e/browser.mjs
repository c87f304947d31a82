// The main officer flow in Debian's Chromium, against the screens built
// for the browser and the real core behind them (the test server): open the sample, edit a response
// and see it saved, its history and restore, change a status, reorder by
// button, keyboard and drag, assign a partner, add a question, search,
// export, import, start next year's review and delete one.
// Screenshots of the views go to e2e/screenshots/.
import { spawn, execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const root = new URL('./dist/', import.meta.url).pathname;
const shots = new URL('./screenshots/', import.meta.url).pathname;
const target = new URL('../../target/debug/', import.meta.url).pathname;
const fixture = new URL('../../tests/fixtures/bolsover-csp-kloe-2019.txt', import.meta.url).pathname;
const unlabelled = new URL('../../tests/fixtures/import/officers-answers.txt', import.meta.url).pathname;
const headingAfterAnswer = new URL('../../tests/fixtures/import/heading-after-answer.txt', import.meta.url).pathname;
await mkdir(shots, { recursive: true });

// A new workbook (the app opens it on the sample), a council template (an
// export of the sample from another workbook), and the real core answering
// the screens' commands. Files are chosen as the desktop app chooses them
// in unattended runs.
const work = await mkdtemp(join(tmpdir(), 'kloe-browser-'));
const db = join(work, 'workbook.kloe');
// The document the import dialog "chooses": the Bolsover paper first, a
// paper with unlabelled answers later.
const paper = join(work, 'committee-paper.txt');
await copyFile(fixture, paper);
const kloe = (...args) => execFileSync(join(target, 'kloe'), args, { encoding: 'utf8' });
const scratch = join(work, 'template-source.kloe');
kloe('--db', scratch, 'sample');
kloe('--db', scratch, 'export', '1', '-o', join(work, 'council-template.docx'));
const serverProcess = spawn(join(target, 'kloe-test-server'), ['--db', db, '--root', root], {
  env: {
    ...process.env,
    KLOE_AUTHOR: '',
    KLOE_CHOOSE_IMPORT: paper,
    KLOE_CHOOSE_TEMPLATE: join(work, 'council-template.docx'),
    KLOE_CHOOSE_EXPORT_DIR: work,
    KLOE_CHOOSE_PACK: join(work, 'Police-questions.kloepack'),
    KLOE_CHOOSE_RESPONSE: join(work, 'Derbyshire-Police-answers.kloeresponse'),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  createInterface({ input: serverProcess.stdout }).once('line', resolve);
  serverProcess.once('exit', (code) => reject(new Error(`the test server stopped (${code})`)));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};
/** axe-core on the page as it is: no serious or critical violation. */
async function accessible(page, view) {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  });
  check(found.length === 0, `axe finds no serious violation in ${view}${found.length ? `:\n     ${found.join('\n     ')}` : ''}`);
}
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);

  await page.getByRole('heading', { level: 1 }).waitFor();
  check((await page.getByRole('heading', { level: 1 }).textContent()).includes('Bolsover'), 'the sample review opens first');
  check(await page.getByText('Sample review').isVisible(), 'it is labelled as a sample');
  await page.screenshot({ path: join(shots, 'editor.png') });
  await accessible(page, 'the editor');

  // Edit question 2's answer and see it saved.
  await page.getByRole('option', { name: /^2\./ }).click();
  const box = page.getByRole('textbox', { name: 'BDC Response', exact: true });
  await box.fill('Spend profiles for **2017/18** and 2018/19 are attached.');
  await page.getByText('Saved', { exact: true }).waitFor({ timeout: 5000 });
  check(true, 'an edit is saved within a moment of typing stopping');
  check(await page.getByText('drafting', { exact: true }).first().isVisible(), 'editing an approved answer reopens it as drafting');

  // Its history shows both versions, with the change marked; restore the first.
  await page.getByRole('button', { name: 'History' }).click();
  const versions = page.getByRole('region', { name: 'Revision history' }).getByRole('listitem');
  await versions.first().waitFor();
  check((await versions.count()) === 2, "the history lists the sample's version and the edit");
  check((await page.locator('.diff ins').count()) > 0, 'the edit shows what it put in');
  await box.fill('Spend profiles for 2017/18, 2018/19 and 2019/20 are attached.');
  await page.getByText('Saved', { exact: true }).waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.querySelectorAll('.revisions li').length === 3);
  check(true, 'the new version joins the history');
  check((await page.locator('.diff del').count()) > 0 && (await page.locator('.diff ins').allTextContents()).join(' ').includes('2019/20'), 'the diff shows what was taken out and put in');
  await page.locator('.revisions button').nth(1).click();
  await page.getByRole('button', { name: 'Restore this version' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.revisions li').length === 4);
  check((await box.inputValue()) === 'Spend profiles for **2017/18** and 2018/19 are attached.', 'restoring brings the earlier text back into the editor');
  await page.screenshot({ path: join(shots, 'history.png') });
  await accessible(page, 'the revision history');
  await page.getByRole('button', { name: 'Hide history' }).click();

  // Change its status by the allowed transitions.
  await page.getByRole('button', { name: 'Mark submitted' }).click();
  await page.getByRole('button', { name: 'Mark approved' }).waitFor();
  await page.getByText('submitted', { exact: true }).first().waitFor();
  check(true, 'the status changes to submitted');

  // Move question 2 down: it becomes question 3.
  await page.getByRole('button', { name: 'Move question down' }).click();
  await page.getByRole('heading', { level: 2, name: /^3\. Could you please provide a spending profile/ }).waitFor();
  check(true, 'moving a question down renumbers it');

  // And back up with the keyboard, from the outline.
  await page.getByRole('option', { name: /^3\./ }).click();
  await page.keyboard.press('Alt+ArrowUp');
  await page.getByRole('heading', { level: 2, name: /^2\. Could you please provide a spending profile/ }).waitFor();
  check(true, 'Alt+Up in the outline moves the selected question up');
  await page.keyboard.press('ArrowDown');
  await page.getByRole('heading', { level: 2, name: /^3\. What criteria/ }).waitFor();
  check(true, 'arrow keys move the selection through the outline');

  // Drag question 1 below question 3.
  await page.getByRole('option', { name: /^1\./ }).dragTo(page.getByRole('option', { name: /^3\./ }), { targetPosition: { x: 40, y: 70 } });
  await page.getByRole('option', { name: /^3\. What funding is expected/ }).waitFor();
  check(true, 'dragging a question below another renumbers both');

  // Assign a second partner with a due date.
  await page.getByRole('option', { name: /^4\./ }).click();
  await page.getByRole('button', { name: '+ Assign' }).click();
  await page.getByRole('checkbox', { name: /Derbyshire Constabulary|Police/ }).first().check();
  await page.getByRole('group', { name: 'Assign partners' }).getByLabel('Due').fill('2019-02-28');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.locator('.chip', { hasText: 'Police' }).waitFor();
  check((await page.locator('.response').count()) === 2, 'a second partner now owes question 4, with its own editor');
  check((await page.getByLabel(/^Due date for the .*Police/).inputValue()) === '2019-02-28', 'with the due date given');
  await page.screenshot({ path: join(shots, 'assign.png') });

  // Add a question after it, and give it its text.
  await page.getByRole('button', { name: '+ Question' }).click();
  const qtext = page.getByRole('textbox', { name: 'Question 5', exact: true });
  await qtext.fill('What has the PSPO review found?');
  await qtext.press('Enter');
  await page.getByRole('heading', { level: 2, name: /^5\. What has the PSPO review found\?/ }).waitFor();
  await page.getByRole('button', { name: 'Edit the question' }).click();
  await page.getByRole('textbox', { name: /^Notes after it/ }).fill('Members asked for this at the last meeting.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Members asked for this at the last meeting.').waitFor();
  check(true, 'a note can be added to a question');
  check(await page.getByText('17 questions', { exact: true }).isVisible(), 'the new question is numbered 5 and the rest move on');

  // Search.
  await page.getByRole('searchbox', { name: 'Search questions and answers' }).fill('PSPO');
  const shown = await page.getByRole('option').count();
  check(shown === 4, `search finds the three PSPO questions and the new one (found ${shown})`);
  await page.screenshot({ path: join(shots, 'search.png') });
  await page.getByRole('searchbox', { name: 'Search questions and answers' }).fill('');

  // Export: the dialog asks where, and says where it saved.
  await page.getByRole('button', { name: 'Export…' }).click();
  const previewTitle = page.frameLocator('iframe[title="Preview of the document"]').getByRole('heading', { level: 1 });
  check((await previewTitle.textContent()).includes('Bolsover'), 'the export dialog previews the document');
  await page.getByRole('checkbox', { name: /Where an answer is owed, say/ }).uncheck();
  await page.getByRole('button', { name: "Use the council's template…" }).click();
  await page.getByText('In the house style of council-template.docx').waitFor();
  check(true, "a council template can be chosen for Word");
  await page.getByRole('dialog').getByRole('button', { name: 'Export…' }).click();
  await page.getByText(/^Saved to /).waitFor();
  check(true, 'exporting says where the document was saved');
  await page.getByRole('button', { name: 'Open the document' }).click();
  check((await page.getByRole('dialog').getByRole('alert').count()) === 0, 'and the document can be opened from there');
  await page.screenshot({ path: join(shots, 'export.png') });
  await accessible(page, 'the export dialog');
  await page.getByRole('button', { name: 'Close' }).click();

  // Who owes what: the sample's counts, a chase e-mail, and a count that
  // opens its questions.
  await page.getByRole('tab', { name: 'Who owes what' }).click();
  await page.getByRole('table').waitFor();
  const cell = async (partner, column) => {
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${partner}`) }) });
    const cols = await page.getByRole('columnheader').allTextContents();
    return (await row.getByRole('cell').nth(cols.indexOf(column) - 1).textContent()).trim();
  };
  check((await cell('Derbyshire Police', 'approved')) === '4' && (await cell('Derbyshire PCC', 'approved')) === '2', 'the tracker counts the sample: Police 4 approved, PCC 2');
  check((await cell('Bolsover', 'submitted')) === '1' && (await cell('Bolsover', 'not started')) === '1', 'and BDC has the submitted answer, and the new question not started');
  await page.screenshot({ path: join(shots, 'tracker.png') });
  await accessible(page, 'the tracker');
  await page.getByRole('row').filter({ hasText: 'Derbyshire Police' }).first().getByRole('button', { name: 'Chase…' }).click();
  const mail = await page.locator('.mail').textContent();
  check(mail.includes('Question 4 (') && (mail.match(/Question \d+ /g) ?? []).length === 1, 'the chase e-mail for Police lists exactly its one outstanding question');
  await page.getByRole('button', { name: 'Save reminder (.ics)…' }).click();
  await page.getByText(/^Reminder saved to .*Police answers due\.ics$/).waitFor();
  check(true, "a calendar reminder of Police's due date can be saved");
  await page.screenshot({ path: join(shots, 'chase.png') });
  await accessible(page, 'the chase e-mail');
  await page.getByRole('button', { name: /^1 not started for BDC/ }).click();
  await page.getByText('Showing BDC · not started').waitFor();
  check((await page.getByRole('option').count()) === 1, 'a count opens just those questions');
  await page.getByRole('button', { name: 'Show all questions' }).click();
  await page.getByText('17 questions', { exact: true }).waitFor();

  // Recommendations: one added after the meeting for the Police, its
  // response written and handed in, and progress recorded; each status in
  // words beside its colour.
  await page.getByRole('tab', { name: 'Recommendations' }).click();
  await page.getByText('No recommendations yet').waitFor();
  await page.getByRole('button', { name: '+ Recommendation' }).click();
  const adding = page.getByRole('dialog', { name: 'Add a recommendation' });
  await adding.getByRole('textbox', { name: 'What the committee recommended' }).fill('The partnership should publish a plan to reduce anti-social behaviour in Shirebrook.');
  await adding.getByRole('checkbox', { name: 'Derbyshire Police' }).check();
  await adding.getByRole('button', { name: 'Add', exact: true }).click();
  await adding.waitFor({ state: 'detached' });
  const rec = page.locator('.rec').first();
  check((await rec.locator('.ref').textContent()) === 'CSP (18/19) 01', "a recommendation takes its reference from the review's year");
  check((await rec.locator('.rec-responses').textContent()).includes('not started'), 'and is owed a response by the Police');
  await rec.getByRole('button', { name: /^Write Police's response to CSP/ }).click();
  const responding = page.getByRole('dialog', { name: /response to CSP/ });
  await responding.getByRole('combobox', { name: 'Decision' }).selectOption('accepted');
  await responding.getByRole('textbox', { name: 'What will be done' }).fill('A plan will be published in June.');
  await responding.getByRole('textbox', { name: 'Lead officer' }).fill('Chief Inspector Jones');
  await responding.getByRole('combobox', { name: 'Then' }).selectOption('submitted');
  await responding.getByRole('button', { name: 'Save' }).click();
  await responding.waitFor({ state: 'detached' });
  check((await rec.locator('.rec-responses').textContent()).includes('submitted · accepted · lead Chief Inspector Jones'), 'the response is saved with its decision and lead, handed in');
  await rec.getByRole('button', { name: 'Record progress…' }).click();
  const updating = page.getByRole('dialog', { name: /^Progress on/ });
  await updating.getByRole('combobox', { name: 'Status' }).selectOption('at_risk');
  await updating.getByRole('textbox', { name: /What happened/ }).fill('Consultation delayed.');
  await updating.getByRole('button', { name: 'Record' }).click();
  await updating.waitFor({ state: 'detached' });
  check((await rec.locator('.rec-top .chip').textContent()) === 'At risk', 'the latest progress shows in words on its colour');
  await page.locator('.rag-chart').waitFor();
  check((await page.locator('.rag-chart .legend').textContent()).includes('At risk'), 'the chart over time has a legend in words, and its figures as a table');
  await page.getByRole('combobox', { name: 'Progress' }).selectOption('off_track');
  await page.getByText('0 shown').waitFor();
  await page.getByRole('combobox', { name: 'Progress' }).selectOption('at_risk');
  await page.getByText('1 shown').waitFor();
  check(true, 'the recommendations can be filtered by where they stand');
  await page.getByRole('combobox', { name: 'Progress' }).selectOption('');
  await page.screenshot({ path: join(shots, 'recommendations.png') });
  await accessible(page, 'the recommendations');
  // Its words and due date edited; a reference another one has is refused
  // in the dialog, which keeps what was typed.
  await page.getByRole('button', { name: 'Edit CSP (18/19) 01' }).click();
  const editingRec = page.getByRole('dialog', { name: 'Edit CSP (18/19) 01' });
  check((await editingRec.getByRole('checkbox').count()) === 2, 'the edit offers the partners it is not yet addressed to');
  await editingRec.getByRole('textbox', { name: 'What the committee recommended' }).fill('The partnership should publish a plan for Shirebrook by June.');
  await editingRec.getByLabel('Responses due').fill('2019-05-31');
  await accessible(page, 'the recommendation editor');
  await editingRec.getByRole('button', { name: 'Save' }).click();
  await editingRec.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Edit CSP (18/19) 01' }).click();
  check(
    (await rec.locator('.rec-text').textContent()) === 'The partnership should publish a plan for Shirebrook by June.' && (await editingRec.getByLabel('Responses due').inputValue()) === '2019-05-31',
    "a recommendation's words and due date can be edited",
  );
  await editingRec.getByRole('textbox', { name: 'Reference' }).fill('  ');
  await editingRec.getByRole('button', { name: 'Cancel' }).click();
  await editingRec.waitFor({ state: 'detached' });
  // A second one, moved above the first, then deleted after asking.
  await page.getByRole('button', { name: '+ Recommendation' }).click();
  await adding.getByRole('textbox', { name: 'What the committee recommended' }).fill('Report the patrols each quarter.');
  await adding.getByRole('checkbox', { name: 'Bolsover District Council' }).check();
  await adding.getByRole('button', { name: 'Add', exact: true }).click();
  await adding.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Move CSP (18/19) 02 up' }).click();
  await page.waitForFunction(() => document.querySelector('.rec .ref')?.textContent === 'CSP (18/19) 02');
  check((await page.locator('.rec .ref').first().textContent()) === 'CSP (18/19) 02', 'a recommendation can be moved up');
  await page.getByRole('button', { name: 'Delete CSP (18/19) 02' }).click();
  await page.getByRole('dialog', { name: 'Delete CSP (18/19) 02?' }).getByRole('button', { name: 'Delete recommendation' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  check((await page.locator('.rec').count()) === 1, 'and deleted after asking');
  // The monitoring schedule, previewed in the export dialog.
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('radio', { name: /The monitoring schedule of the recommendations/ }).check();
  const schedule = page.frameLocator('iframe[title="Preview of the document"]');
  await schedule.getByRole('heading', { level: 1, name: /^Monitoring of recommendations/ }).waitFor();
  const row = schedule.getByRole('row').filter({ hasText: 'CSP (18/19) 01' });
  check(
    (await row.textContent()).includes('Chief Inspector Jones') && (await row.getByRole('cell', { name: 'At risk' }).count()) === 1,
    'the export dialog previews the monitoring schedule: the response with its lead, and its status in words',
  );
  await page.screenshot({ path: join(shots, 'export-schedule.png') });
  await accessible(page, 'the export dialog with the schedule');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('tab', { name: 'Questions' }).click();

  // A meeting date, and due dates worked back from it for what is owed.
  await page.getByRole('button', { name: 'Details…' }).click();
  await page.getByLabel('Meeting date').fill('2026-12-15');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const setDates = page.getByRole('button', { name: /^Set 2 due dates$/ });
  await setDates.waitFor();
  check(await page.getByText('Answers still owed would be due on 7 December 2026').isVisible(), 'a new meeting date offers due dates worked back from it');
  await page.screenshot({ path: join(shots, 'due-dates.png') });
  await setDates.click();
  await page.getByRole('option', { name: /^4\./ }).click();
  check((await page.getByLabel(/^Due date for the .*Police/).inputValue()) === '2026-12-07', 'the owed answers take the proposed due date');

  // Partners: a contact for the police, a partner that owes answers cannot
  // be removed, and a new one joins.
  await page.getByRole('button', { name: 'Partners…' }).click();
  await page.getByRole('button', { name: /^Edit Derbyshire (Constabulary|Police)$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Contact e-mail' }).fill('scrutiny@police.example');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('cell', { name: 'scrutiny@police.example' }).waitFor();
  check(true, "a partner's contact can be recorded");
  await page.getByRole('button', { name: /^Remove Derbyshire PCC/ }).click();
  check((await dialog.getByRole('alert').textContent()).includes('unassign them before removing'), 'a partner who owes answers is not removed, and the message says why');
  await page.getByRole('button', { name: 'Add a partner…' }).click();
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Rykneld Homes');
  await dialog.getByRole('textbox', { name: 'Short name' }).fill('Homes');
  await page.getByRole('button', { name: 'Add partner' }).click();
  await page.getByRole('rowheader', { name: /^Rykneld Homes/ }).waitFor();
  check(true, 'a new partner can be added');
  await page.screenshot({ path: join(shots, 'partners.png') });
  await accessible(page, 'the partners dialog');
  await page.getByRole('button', { name: 'Done' }).click();

  // The reviews home: import a document, see what was found, import it.
  await page.getByRole('button', { name: '← All reviews' }).click();
  await page.getByRole('heading', { name: 'Your reviews' }).waitFor();
  await page.screenshot({ path: join(shots, 'home.png') });
  await accessible(page, 'the reviews home');
  // Settings: an empty placeholder is refused with a reason; a name is kept.
  await page.getByRole('button', { name: 'Settings…' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('textbox', { name: /^Your name/ }).fill('Alex Officer');
  await settings.getByRole('textbox', { name: /still owed/ }).fill(' ');
  await settings.getByRole('button', { name: 'Save' }).click();
  check((await settings.getByRole('alert').textContent()).includes('cannot be empty'), 'settings refuse an empty placeholder and say why');
  await settings.getByRole('textbox', { name: /still owed/ }).fill('To follow');
  await settings.getByRole('spinbutton', { name: /Responses to recommendations are due/ }).fill('21');
  await settings.getByRole('button', { name: 'Save' }).click();
  await settings.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Settings…' }).click();
  check((await settings.getByRole('textbox', { name: /^Your name/ }).inputValue()) === 'Alex Officer', 'settings are kept');
  check(
    (await settings.getByRole('spinbutton', { name: /Responses to recommendations are due/ }).inputValue()) === '21',
    'the days responses to recommendations are due after the meeting are kept',
  );
  await page.screenshot({ path: join(shots, 'settings.png') });
  await accessible(page, 'the settings');
  await settings.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Import a document…' }).click();
  await page.getByRole('button', { name: /^Import 16 questions$/ }).waitFor();
  check(await page.getByText('1 thing to check').isVisible(), 'the import preview lists its warnings');
  await page.screenshot({ path: join(shots, 'import.png') });
  await accessible(page, 'the import preview');
  await page.getByRole('button', { name: /^Import 16 questions$/ }).click();
  await page.getByRole('button', { name: '← All reviews' }).waitFor();
  check(true, 'the imported review opens');
  await page.getByRole('button', { name: '← All reviews' }).click();
  await page.locator('.review-card').nth(1).waitFor();
  const cards = await page.locator('.review-card').allTextContents();
  check(cards.length === 2, `the home lists both reviews (${cards.map((c) => c.slice(0, 40)).join(' | ')})`);

  // Start next year's review from it, then delete that one again.
  await page.getByRole('button', { name: "Start next year's…" }).first().click();
  await page.getByRole('button', { name: "Start next year's review" }).click();
  await page.locator('.last-year').first().waitFor();
  check(true, "next year's review opens with last year's answers alongside");
  await page.screenshot({ path: join(shots, 'next-year.png') });
  await page.getByRole('button', { name: '← All reviews' }).click();
  await page.locator('.review-card').nth(2).waitFor();
  const newest = page.locator('.review-card').nth(2);
  const newestTitle = await newest.locator('.review-title').textContent();
  await newest.getByRole('button', { name: /^Delete / }).click();
  check(await page.getByText('It cannot be undone here').isVisible(), 'deleting asks first, and says a backup is kept');
  await page.getByRole('button', { name: 'Delete review' }).click();
  await page.getByText(/^Deleted “/).waitFor();
  check((await page.locator('.review-card').count()) === 2, `the deleted review (“${newestTitle}”) is gone from the list`);
  // Partner packs: send Police its questions, answer one in partner mode,
  // return it signed off, and import it back.
  const openSample = () => page.locator('.review-card').filter({ has: page.locator('.tag', { hasText: 'Sample' }) }).locator('.review-open').click();
  await openSample();
  await page.getByRole('tab', { name: 'Who owes what' }).click();
  await page.getByRole('button', { name: 'Send to partner…' }).click();
  const send = page.getByRole('dialog', { name: 'Send questions to a partner' });
  check((await send.getByRole('combobox').inputValue()) !== '' && (await send.getByRole('option', { name: /^Derbyshire Police · 5 questions$/ }).count()) === 1, 'sending offers each partner with its count of questions');
  await accessible(page, 'the send-to-partner dialog');
  await send.getByRole('button', { name: 'Save…' }).click();
  await send.getByText(/^Saved to .*\/Police-questions\.kloepack/).waitFor();
  check(true, 'the pack is saved, and the dialog says where');
  await send.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: '← All reviews' }).click();
  await page.getByRole('button', { name: 'Open a partner pack…' }).click();
  await page.getByText('Answering for Derbyshire Police').waitFor();
  check((await page.getByRole('option').count()) === 5 && !(await page.getByRole('button', { name: '+ Question' }).isVisible()), "partner mode shows only Police's questions, and no way to change them");
  const partnerBox = page.getByRole('textbox', { name: /Police Response/ }).first();
  await partnerBox.fill('Answered in partner mode.');
  await page.getByRole('button', { name: 'Mark ready to return' }).click();
  await page.getByText('Ready to return', { exact: true }).waitFor();
  await page.screenshot({ path: join(shots, 'partner-mode.png') });
  await accessible(page, 'partner mode');
  // The pack asks Police's response to the recommendation too: the partner
  // starts from the council's words, changes them and marks them ready.
  await page.getByRole('tab', { name: 'Recommendations' }).click();
  check(!(await page.getByRole('button', { name: '+ Recommendation' }).isVisible()) && !(await page.getByRole('button', { name: 'Record progress…' }).isVisible()), "partner mode offers the partner's response to each recommendation, and nothing else to change");
  await page.getByRole('button', { name: /^Write Police's response to CSP \(18\/19\) 01/ }).click();
  const partnerResponse = page.getByRole('dialog', { name: /response to CSP/ });
  check((await partnerResponse.getByRole('textbox', { name: 'What will be done' }).inputValue()) === 'A plan will be published in June.', "the partner starts from the council's words");
  await partnerResponse.getByRole('textbox', { name: 'What will be done' }).fill('A plan will be published in July, after consultation.');
  await partnerResponse.getByRole('combobox', { name: 'Then' }).selectOption('submitted');
  await partnerResponse.getByRole('button', { name: 'Save' }).click();
  await partnerResponse.waitFor({ state: 'detached' });
  check((await page.locator('.rec-responses').first().textContent()).includes('ready to return · accepted'), 'the response is marked ready to return');
  await page.getByText('2 of 6 ready.').waitFor();
  await accessible(page, 'partner mode, recommendations');
  await page.getByRole('button', { name: 'Return to council…' }).click();
  const ret = page.getByRole('dialog', { name: 'Return answers to the council' });
  await ret.getByLabel('Role').fill('Chief Inspector');
  check((await ret.textContent()).includes('1 of 1 response to a recommendation is ready to return: CSP (18/19) 01'), 'the return dialog counts the responses to recommendations');
  await accessible(page, 'the return dialog');
  await ret.getByRole('button', { name: 'Save response file…' }).click();
  await ret.getByText(/^Saved 1 answer and 1 response to a recommendation to /).waitFor();
  check(true, 'the ready answer and response are returned with their sign-off');
  await ret.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: '← All reviews' }).click();
  // Meanwhile the officer changes the same answer: a conflict to settle.
  await openSample();
  await page.getByRole('option', { name: /^4\./ }).click();
  await page.getByRole('textbox', { name: 'Derbyshire Police Response', exact: true }).fill('The officer wrote this meanwhile.');
  await page.getByText('Saved', { exact: true }).first().waitFor();
  await page.getByRole('tab', { name: 'Who owes what' }).click();
  await page.getByRole('button', { name: 'Import responses…' }).click();
  const merge = page.getByRole('dialog', { name: 'Import a partner’s answers' });
  await merge.getByText(/Signed off by Alex Officer, Chief Inspector/).waitFor();
  check((await merge.locator('.merge-item.merge-conflict').count()) === 1 && (await merge.getByRole('button', { name: 'Choose for 1 conflict' }).isDisabled()), 'an answer changed on both sides is shown as a conflict, and nothing can be imported until it is settled');
  check((await merge.locator('.merge-columns ins').allTextContents()).join(' ').includes('meanwhile'), "both answers are marked against the pack's");
  await page.screenshot({ path: join(shots, 'merge.png') });
  await accessible(page, 'the import-responses preview');
  check((await merge.locator('.merge-item.merge-update').filter({ hasText: 'Recommendation CSP (18/19) 01' }).textContent()).includes('Accepted; lead officer Chief Inspector Jones'), "the response to the recommendation comes too, with its decision and lead officer");
  await merge.getByLabel('Both, combined as I write it').check();
  await merge.getByLabel('Combined answer').fill('Combined: the officer and Police together.');
  await merge.getByRole('button', { name: 'Import 1 answer and 1 response' }).click();
  await merge.getByText(/^Imported: 1 answer is now submitted .*responses to recommendations submitted: CSP \(18\/19\) 01/).waitFor();
  await merge.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: 'Recommendations' }).click();
  check((await page.locator('.rec-text').first().textContent()).length > 0 && (await page.locator('.rec-responses').first().textContent()).includes('submitted · accepted'), "the partner's response is the council's, submitted");
  await page.getByRole('tab', { name: 'Questions' }).click();
  await page.getByRole('option', { name: /^4\./ }).click();
  check((await page.getByRole('textbox', { name: 'Derbyshire Police Response', exact: true }).inputValue()) === 'Combined: the officer and Police together.', 'the combined answer is what the review holds, submitted');
  await page.getByRole('button', { name: '← All reviews' }).click();

  // Text from documents and partners is shown as text, never run: a
  // question and an answer full of mark-up, a javascript: link and
  // right-to-left text.
  const hostile = '<img src=x onerror="window.owned = 1"><script>window.owned = 2</script> [link](javascript:window.owned=3) \u202Eright-to-left \u05E9\u05DC\u05D5\u05DD';
  await openSample();
  await page.getByRole('option', { name: /^2\./ }).click();
  await page.getByRole('button', { name: 'Edit the question' }).click();
  await page.getByLabel(/^Question 2/).fill(hostile);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const answerBox = page.getByRole('textbox', { name: /Response$/ }).first();
  await answerBox.fill(`${hostile}\n${'A very long answer without a break '.repeat(200)}`);
  await page.getByText('Saved', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: 'History' }).first().click();
  await page.locator('.diff').first().waitFor();
  const heading = await page.getByRole('heading', { level: 2 }).filter({ hasText: 'onerror' }).textContent();
  check(heading.includes('<img src=x onerror="window.owned = 1">') && (await page.locator('img[src=x], .question-pane script').count()) === 0, 'mark-up in a question shows as its characters, and no element is made of it');
  check((await page.evaluate(() => window.owned)) === undefined, 'nothing in the text runs, in the question, the outline, the answer or its history');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  check(wide <= 0, `a long answer and right-to-left text keep within the window (${wide} px over)`);
  await page.screenshot({ path: join(shots, 'hostile-text.png') });
  await page.getByRole('button', { name: '← All reviews' }).click();

  // Backups: the import earlier was backed up first; restoring that backup
  // brings the workbook back to how it was then, keeping the present.
  const cardsBefore = await page.locator('.review-card').count();
  await page.getByRole('button', { name: 'Backups…' }).click();
  const backupsDialog = page.getByRole('dialog', { name: 'Backups' });
  const firstBackup = backupsDialog.getByRole('button', { name: /^Restore the backup from .*\(before import\)$/ }).last();
  await firstBackup.waitFor();
  await accessible(page, 'the backups dialog');
  await firstBackup.click();
  await backupsDialog.getByRole('button', { name: 'Restore this backup' }).click();
  await backupsDialog.getByText(/^Restored\./).waitFor();
  check((await backupsDialog.getByRole('button', { name: /\(before restore\)$/ }).count()) === 1, 'restoring keeps the workbook as it was as a backup of its own');
  await backupsDialog.getByRole('button', { name: 'Close' }).click();
  const cardsAfter = await page.locator('.review-card').count();
  check(cardsAfter < cardsBefore, `the restored workbook is as it was before the import (${cardsBefore} reviews, now ${cardsAfter})`);

  // A paper that prints its answers with no label: the preview says so and
  // asks whose they are; the answers go to the partner chosen.
  await copyFile(unlabelled, paper);
  await page.getByRole('button', { name: 'Import a document…' }).click();
  const whose = page.getByRole('group', { name: /^3 answers are printed with no label/ });
  await whose.waitFor();
  const picker = whose.getByRole('combobox', { name: 'Partner who gives the answers with no label' });
  check((await picker.locator('option:checked').textContent()) === 'Not named: keep as “Unattributed”', 'the preview asks whose the unlabelled answers are, and nobody is named yet');
  check((await page.locator('.warnings').textContent()).includes('kept under a partner called "Unattributed"'), 'the preview names the doubt');
  await accessible(page, 'the import preview with unlabelled answers');
  await picker.selectOption({ label: 'Another partner…' });
  await whose.getByRole('textbox', { name: "The partner's name" }).fill('Derbyshire Constabulary');
  await whose.getByRole('button', { name: 'Use this partner' }).click();
  await page.getByText('As you chose.').waitFor();
  check((await picker.inputValue()) === 'Derbyshire Constabulary', 'the choice is read back into the preview');
  // "Derbyshire Constabulary" is another name of the Police partner the workbook knows.
  check((await page.locator('.outline-preview').textContent()).includes('Derbyshire Police'), 'the outline shows the answers as the chosen partner’s, found by another of its names');
  check((await page.locator('.warnings').textContent()).includes('taken to be Derbyshire Police\'s ("Derbyshire Constabulary"), as chosen'), 'the preview says which partner the name was found to be');
  await page.screenshot({ path: join(shots, 'import-unlabelled.png') });
  await page.getByRole('button', { name: /^Import 3 questions$/ }).click();
  await page.getByRole('button', { name: '← All reviews' }).waitFor();
  check((await page.getByText('Derbyshire Police Response').count()) > 0, 'the imported review owes the answers to the chosen partner');
  await page.getByRole('button', { name: '← All reviews' }).click();

  // Each doubt shows the paragraph it is about, and every paragraph can be
  // followed to where it went.
  await copyFile(headingAfterAnswer, paper);
  await page.getByRole('button', { name: 'Import a document…' }).click();
  await page.getByRole('button', { name: /^Import 3 questions$/ }).waitFor();
  const doubt = page.locator('.warnings li').filter({ hasText: "'Domestic Abuse', after this question's answer" });
  check((await doubt.locator('.about').textContent()) === 'Line 9: “Domestic Abuse”', 'a doubt shows the line it is about, with its words');
  await page.getByText('Where each paragraph went').click();
  const placed = page.getByRole('list', { name: 'Where each paragraph of the document went' });
  check((await placed.locator('li').filter({ hasText: 'the introduction of section 2' }).textContent()).includes('The Committee last looked at domestic abuse'), 'the preview says where each paragraph went');
  await accessible(page, 'the import preview with where each paragraph went');
  await page.screenshot({ path: join(shots, 'import-explained.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();

  // At 200% zoom (a 1280 × 860 window is 640 × 430 CSS pixels) nothing
  // runs off the side.
  const zoomed = await browser.newPage({ viewport: { width: 640, height: 430 }, deviceScaleFactor: 2 });
  await zoomed.goto(url);
  await zoomed.locator('.review-card').filter({ has: zoomed.locator('.tag', { hasText: 'Sample' }) }).locator('.review-open').click();
  await zoomed.locator('.outline-question').first().waitFor();
  const over = await zoomed.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  check(over <= 0 && (await zoomed.getByRole('heading', { level: 1 }).isVisible()), `at 200% zoom the editor fits the window (${over} px over)`);
  await zoomed.screenshot({ path: join(shots, 'editor-200-percent.png') });
  await zoomed.close();
  check(errors.length === 0, `no script errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
} catch (e) {
  console.log(`FAIL ${e}`);
  failed = true;
} finally {
  await browser.close();
  serverProcess.kill();
  await rm(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
