// Debian's Chromium, driven by playwright-core: no browser download (none can work here).
// Every browser test launches it through this, with the flags a closed, root, GPU-less machine needs.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the browser tests need Debian's Chromium)`);
  }
  // playwright-core gives each launch a fresh, temporary profile of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** Serves these pages (path -> text; .js and .css typed as such) on 127.0.0.1:port (0: any); resolves to the server. */
export function servePages(pages, port = 0) {
  const server = http.createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const page = pages[path];
    const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html';
    response.writeHead(page ? 200 : 404, { 'Content-Type': `${type}; charset=utf-8` });
    response.end(page || 'not found');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

export function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}`);
  return value;
}

/** Runs the named steps in order, printing "ok <name>" for each; exits 1 at the first that fails. */
export async function run(steps) {
  for (const [name, step] of Object.entries(steps)) {
    try {
      await step();
      console.log(`ok ${name}`);
    } catch (failure) {
      console.log(`FAILED ${name}: ${failure.stack || failure}`);
      process.exitCode = 1;
      return;
    }
  }
}
