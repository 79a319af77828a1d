// Helpers for the browser end-to-end tests: the real marketdesk server as a
// child process, Debian's headless Chromium through playwright-core, the
// admin JSON API for picking demo data, and optional screenshots.
//
// Environment:
//   MARKETDESK_BIN          the server binary (default <repo>/target/debug/marketdesk)
//   CHROMIUM_BIN            the browser (default /usr/bin/chromium)
//   MARKETDESK_SCREENSHOTS  =1 saves screenshots into <repo>/docs/screenshots/

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(REPO, 'docs', 'screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

/** Demo logins printed by `serve --demo`. */
export const DEMO_AGENT = { email: 'ana.lopez@demo.marketdesk.dev', password: 'marketdesk-demo' };

const children = new Set();
process.on('exit', () => {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A free TCP port on 127.0.0.1 (bound, read and released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function randomToken(length = 32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/**
 * Starts `marketdesk serve --demo` on a free port with a fresh data dir
 * (`env`: more environment for the server, such as an SMTP relay).
 * Resolves to { url, adminToken, dataDir, output(), api(path), stop() }.
 */
export async function startServer({ timeoutMs = 30_000, env = {} } = {}) {
  const bin = process.env.MARKETDESK_BIN
    ? path.resolve(REPO, process.env.MARKETDESK_BIN)
    : path.join(REPO, 'target', 'debug', 'marketdesk');
  if (!fs.existsSync(bin)) {
    throw new Error(`marketdesk binary not found at ${bin}: build it first (cargo build / cargo test)`);
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'marketdesk-e2e-'));
  const adminToken = randomToken(32);
  const url = `http://127.0.0.1:${port}`;

  const child = spawn(bin, ['serve', '--demo', '--bind', `127.0.0.1:${port}`, '--data-dir', dataDir], {
    env: { ...process.env, MARKETDESK_ADMIN_TOKEN: adminToken, RUST_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  const keep = (chunk) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      children.delete(child);
      resolve(exited);
    });
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`marketdesk exited early (${JSON.stringify(exited)}):\n${log}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`marketdesk did not answer ${url}/healthz within ${timeoutMs} ms:\n${log}`);
    }
    await sleep(50);
  }

  /** GET a JSON API path with the admin token; throws on a non-2xx answer. */
  const api = async (apiPath) => {
    const res = await fetch(`${url}${apiPath}`, { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${apiPath} answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };

  return { url, adminToken, dataDir, output: () => log, api, stop };
}

/** Flags for Debian's Chromium; Playwright adds a fresh temporary --user-data-dir itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Headless Chromium through playwright-core. Playwright refuses a
 * --user-data-dir in args for launch(); it gives every launch a fresh
 * temporary profile of its own and removes it on close().
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/**
 * A new page with the standard viewport; fails the test on page errors,
 * including anything the Content-Security-Policy blocked (an inline script
 * or style left in a template would only show up as a console message).
 */
export async function newPage(browser, { locale = 'en-US', timezoneId = 'UTC' } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale, timezoneId });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  page.pageErrors = [];
  page.on('pageerror', (err) => page.pageErrors.push(err));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      page.pageErrors.push(new Error(message.text()));
    }
  });
  return page;
}

/** Saves a full-page PNG to docs/screenshots/<name>.png when MARKETDESK_SCREENSHOTS=1. */
export async function screenshot(page, name) {
  if (process.env.MARKETDESK_SCREENSHOTS !== '1') return null;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize(VIEWPORT);
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** All items of a paginated API list (follows next_cursor, at most `max` items). */
export async function apiList(server, apiPath, max = 1_000) {
  const items = [];
  let cursor = null;
  do {
    const sep = apiPath.includes('?') ? '&' : '?';
    const page = await server.api(`${apiPath}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Clicks a submit button and waits for the next document to finish loading
 * (the server answers a form POST with a redirect or a re-rendered page).
 */
export async function submitAndWait(page, button) {
  await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), button.click()]);
}

/** Sets a form control by name whether it is an <input>, <textarea> or <select>. */
export async function setField(form, name, value) {
  const field = form.locator(`[name="${name}"]`).first();
  const tag = await field.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') await field.selectOption(value);
  else await field.fill(value);
}

/** Visible text of the page without the language switcher (whose labels are in every language). */
export async function pageTextWithoutSwitcher(page) {
  return page.evaluate(() => {
    const body = document.body ? document.body.innerText : '';
    const nav = document.querySelector('nav#languages');
    return nav ? body.replace(nav.innerText, '') : body;
  });
}
