// A small WebDriver client for the real app under tauri-driver, shared by
// the app test and the measurements. `base` gives the driver's address
// (the measurements move to a new port for each fresh app).

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The id of an element as a WebDriver answer carries it. */
export const idOf = (el) => el[ELEMENT] ?? Object.values(el)[0];

export function webdriver(base, { poll = 200, wait = 15000 } = {}) {
  async function wd(method, path, body) {
    // A command that hangs fails the run instead of stopping it.
    const res = await fetch(base() + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    }).catch((e) => {
      throw new Error(`${method} ${path}: ${e.message}`);
    });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  }
  /** Waits for `f` to give something truthy, polling. */
  async function until(what, f, ms = wait) {
    const end = Date.now() + ms;
    for (;;) {
      try {
        const v = await f();
        if (v) return v;
      } catch (e) {
        if (Date.now() > end) throw e;
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, poll));
    }
  }
  const find = async (s, css) => idOf(await wd('POST', `/session/${s}/element`, { using: 'css selector', value: css }));
  const findAll = async (s, css) => (await wd('POST', `/session/${s}/elements`, { using: 'css selector', value: css })).map(idOf);
  const textOf = (s, id) => wd('GET', `/session/${s}/element/${id}/property/textContent`);
  const text = async (s, css) => textOf(s, await find(s, css));
  const clickOn = (s, id) => wd('POST', `/session/${s}/element/${id}/click`, {});
  const click = async (s, css) => clickOn(s, await find(s, css));
  /** The first element matching `css` whose text is `label`. */
  async function findByText(s, css, label) {
    for (const id of await findAll(s, css)) {
      if ((await textOf(s, id)).trim() === label) return id;
    }
    throw new Error(`no ${css} reading "${label}"`);
  }
  return { wd, until, find, findAll, text, textOf, click, clickOn, findByText };
}
