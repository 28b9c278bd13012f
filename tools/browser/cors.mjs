// A page of another origin calls the API as a real web app would (fetch with a bearer token):
//   ALLOWED_API_URL  an API that allows http://127.0.0.1:<PAGE_PORT> (./dev up's default: any local port)
//   STRICT_API_URL   an API that allows exactly http://127.0.0.1:<PAGE_PORT>, so http://localhost:<PAGE_PORT> is another origin
//   PAGE_PORT        where this script serves the page
//   TOKEN            a patient's access token
//   USERNAME, PASSWORD  that patient's, for the web client served from PAGE_PORT with ?api=
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, required, run, servePages } from './chromium.mjs';

const allowedApi = required('ALLOWED_API_URL');
const strictApi = required('STRICT_API_URL');
const pagePort = Number(required('PAGE_PORT'));
const token = required('TOKEN');
const username = required('USERNAME');
const password = required('PASSWORD');
const client = (file) => readFileSync(new URL(`../../examples/web/${file}`, import.meta.url), 'utf8');

// The page's script: a GET of a list (its next page in Link) and a POST with a JSON body and an
// Idempotency-Key (a preflighted call); what it read is written onto the page.
const page = `<!doctype html><title>Another origin</title><pre id="out">running</pre><script>
async function call(api, token) {
  const out = {};
  try {
    const list = await fetch(api + '/api/timeslots?limit=2', { headers: { Authorization: 'Bearer ' + token } });
    out.listStatus = list.status;
    out.link = list.headers.get('Link');
    const post = await fetch(api + '/api/waitlist', { method: 'POST',
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', 'Idempotency-Key': 'k-' + Date.now() },
      body: '{}' });
    out.postStatus = post.status;
    out.postError = (await post.json()).code;
  } catch (blocked) {
    out.blocked = String(blocked);
  }
  document.getElementById('out').textContent = JSON.stringify(out);
}
</script>`;

const server = await servePages({ '/': page, '/web/': client('index.html'), '/web/app.js': client('app.js'), '/web/style.css': client('style.css') }, pagePort);
const browser = await launch();

async function callFrom(origin, api) {
  const tab = await browser.newPage();
  const blocked = [];
  tab.on('console', (message) => { if (message.type() === 'error') blocked.push(message.text()); });
  await tab.goto(`${origin}/`);
  await tab.evaluate(([a, t]) => call(a, t), [api, token]);
  const out = JSON.parse(await tab.textContent('#out'));
  await tab.close();
  return { out, console: blocked };
}

await run({
  'an allowed origin reads the answer and its Link header, and a preflighted POST goes through': async () => {
    const { out } = await callFrom(`http://127.0.0.1:${pagePort}`, allowedApi);
    assert.equal(out.blocked, undefined, JSON.stringify(out));
    assert.equal(out.listStatus, 200);
    assert.match(out.link ?? '', /<\/api\/timeslots\?cursor=[^>]+&limit=2>; rel="next"/);
    // The POST's preflight passed (Content-Type: application/json, Idempotency-Key) and the
    // browser let the page read the function's 400 and its code.
    assert.equal(out.postStatus, 400);
    assert.equal(out.postError, 'VALIDATION_ERROR');
  },
  'another origin is blocked by the browser': async () => {
    const { out, console: errors } = await callFrom(`http://localhost:${pagePort}`, strictApi);
    assert.match(out.blocked ?? '', /Failed to fetch/, JSON.stringify(out));
    assert.ok(errors.some((e) => /CORS policy/.test(e)), `the console names CORS: ${errors.join(' | ')}`);
  },
  'the same origin against the strict API works (the block above is the origin, not the API)': async () => {
    const { out } = await callFrom(`http://127.0.0.1:${pagePort}`, strictApi);
    assert.equal(out.listStatus, 200, JSON.stringify(out));
  },
  'the web client served from another origin signs in and lists slots through ?api=': async () => {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/web/?api=${encodeURIComponent(allowedApi)}`);
    assert.equal(await tab.textContent('#api-base'), allowedApi);
    await tab.fill('#sign-in [name=username]', username);
    await tab.fill('#sign-in [name=password]', password);
    await tab.click('#sign-in button');
    await tab.waitForSelector('#patient:not([hidden])');
    assert.equal(await tab.textContent('#who'), `${username} (patient)`);
    await tab.waitForFunction(() => document.querySelector('#my-appointments tbody').textContent.length > 0);
    assert.equal(await tab.textContent('#my-appointments tbody'), 'No appointment booked');
    await tab.close();
  },
});

await browser.close();
server.close();
