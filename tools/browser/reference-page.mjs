// The API reference page (./dev up's /docs, Redoc built from openapi.yaml) as a browser shows it:
// every operation is on it, by its summary in the text and by its operationId in a link to it.
//   DOCS_URL    the page, e.g. http://127.0.0.1:3000/docs
//   OPERATIONS  JSON: [{"operationId": ..., "summary": ...}, ...] read from openapi.yaml
//   SCREENSHOT  optional: a PNG of the page goes there
import assert from 'node:assert/strict';
import { launch, required, run } from './chromium.mjs';

const url = required('DOCS_URL');
const operations = JSON.parse(required('OPERATIONS'));
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

await run({
  'the reference page loads as Redoc': async () => {
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    // Rendered (hydrated) once the first operation's summary is text on the page.
    await page.waitForFunction((summary) => document.body.innerText.includes(summary), operations[0].summary, { timeout: 30000 });
    if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  },
  [`every operation of openapi.yaml (${operations.length}) is on the page`]: async () => {
    const { text, links } = await page.evaluate(() => ({
      text: document.body.innerText,
      links: [...document.querySelectorAll('[href], [id], [data-section-id], [data-item-id]')]
        .flatMap((e) => [e.getAttribute('href'), e.id, e.getAttribute('data-section-id'), e.getAttribute('data-item-id')])
        .filter(Boolean).join('\n'),
    }));
    // Redoc links an operation as <tag>/<operationid>, in lower case.
    const shown = (summary) => summary.replace(/\s+/g, ' ');
    const flat = text.replace(/\s+/g, ' ');
    const linked = new Set(links.toLowerCase().split(/[\n/#]/));
    const missing = operations.filter((o) => !flat.includes(shown(o.summary)) || !linked.has(o.operationId.toLowerCase()));
    assert.deepEqual(missing, [], 'operations not on the page (summary in the text, operationId linked)');
  },
});

await browser.close();
