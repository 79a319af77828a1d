// A staff member's account security with the demo, in Chromium: a
// supervisor sets up a second factor from an authenticator app's secret,
// signs in with its code, forgets the password, recovers it by the link
// mailed over real SMTP (Python's aiosmtpd writing a Maildir), and signs in
// again with a recovery code.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

const SUPERVISOR = { email: 'priya.shah@demo.marketdesk.dev', password: 'marketdesk-demo' };

/** RFC 6238: the 6-digit code of a base32 secret at `unixSecs`, as an authenticator app computes it. */
function totp(secret, unixSecs) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSecs / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Quoted-printable, as mail bodies travel. */
function unQuote(text) {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

describe('trust and account security', () => {
  let server;
  let browser;
  let smtp;
  let maildir;

  before(async () => {
    maildir = fs.mkdtempSync(path.join(os.tmpdir(), 'marketdesk-mail-'));
    const port = await freePort();
    smtp = spawn('python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', path.join(maildir, 'inbox')],
      { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    server = await startServer({ env: { MARKETDESK_SMTP_URL: `smtp://127.0.0.1:${port}` } });
    browser = await launchBrowser();
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
    smtp?.kill();
  });

  /** The reset link in the newest reset mail to `to`, waiting for delivery. */
  async function resetLink(to) {
    const dir = path.join(maildir, 'inbox', 'new');
    for (let i = 0; i < 100; i++) {
      const found = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
        .map((f) => unQuote(fs.readFileSync(path.join(dir, f), 'utf8')))
        .filter((m) => m.includes(`To: ${to}`) && m.includes('/agent/password/reset?token='));
      if (found.length) {
        return found[found.length - 1].match(/https?:\/\/\S*\/agent\/password\/reset\?token=[A-Za-z0-9_-]+/)[0];
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error(`no reset mail to ${to}`);
  }

  async function signIn(page, password) {
    await page.goto(`${server.url}/agent/login?lang=en`);
    await page.locator('input[name="email"]').fill(SUPERVISOR.email);
    await page.locator('input[name="password"]').fill(password);
    await submitAndWait(page, page.locator('form#login button[type="submit"]'));
  }

  test('a second factor, a lost password and a recovery code', { timeout: 120_000 }, async () => {
    const page = await newPage(browser);
    await signIn(page, SUPERVISOR.password);
    await page.goto(`${server.url}/agent/security?lang=en`);
    await submitAndWait(page, page.locator('form#factor-begin button'));
    const secret = (await page.locator('#factor-secret').innerText()).replace(/\s/g, '');
    assert.match(await page.locator('#factor-uri').innerText(), /^otpauth:\/\/totp\//);
    const now = Math.floor(Date.now() / 1000);
    await page.locator('form#factor-confirm input[name="code"]').fill(totp(secret, now));
    await submitAndWait(page, page.locator('form#factor-confirm button'));
    const codes = await page.locator('#recovery-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    await screenshot(page, 'security-recovery-codes');

    // Signing in asks for the app's code after the password.
    await page.context().clearCookies();
    await signIn(page, SUPERVISOR.password);
    assert.equal(await page.locator('form#second-factor').count(), 1);
    await page.locator('form#second-factor input[name="code"]').fill(totp(secret, now + 30));
    await Promise.all([page.waitForURL(/\/agent$/), page.locator('form#second-factor button').click()]);

    // The password is forgotten: a link by mail, a new password.
    await page.context().clearCookies();
    await page.goto(`${server.url}/agent/login?lang=en`);
    await Promise.all([page.waitForURL(/\/agent\/password\/forgot/), page.locator('a#forgot-link').click()]);
    await page.locator('form#forgot input[name="email"]').fill(SUPERVISOR.email);
    await submitAndWait(page, page.locator('form#forgot button'));
    assert.match(await page.locator('[role="status"]').innerText(), /reset link is on its way/);
    const link = await resetLink(SUPERVISOR.email);
    await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await page.locator('form#reset input[name="password"]').fill('a new demo passphrase');
    await page.locator('form#reset input[name="again"]').fill('a new demo passphrase');
    await submitAndWait(page, page.locator('form#reset button'));
    assert.match(await page.locator('[role="status"]').innerText(), /password is changed/);

    // The new password, then a recovery code (the phone is elsewhere).
    await signIn(page, 'a new demo passphrase');
    await page.locator('form#second-factor input[name="code"]').fill(codes[0]);
    await Promise.all([page.waitForURL(/\/agent$/), page.locator('form#second-factor button').click()]);
    await page.goto(`${server.url}/agent/security?lang=en`);
    assert.match(await page.locator('#factor-state').innerText(), /9 recovery codes left/);
    // The same page in Chinese and Spanish.
    await page.goto(`${server.url}/agent/security?lang=zh`);
    assert.match(await page.locator('h1').innerText(), /安全/);
    await page.goto(`${server.url}/agent/security?lang=es`);
    assert.match(await page.locator('#sessions-card h2').innerText(), /Sesiones/);
    assert.deepEqual(page.pageErrors, []);
  });

  test('a customer downloads their data and has it erased', { timeout: 90_000 }, async () => {
    // A demo customer signs in with the link mailed to them.
    const customers = await server.api('/api/v1/customers?limit=100');
    const customer = customers.items.find((p) => p.role === 'customer' && p.email.endsWith('@example.com'));
    assert.ok(customer, 'a demo customer');
    const page = await newPage(browser);
    await page.goto(`${server.url}/signin?lang=en`);
    await page.locator('form#signin input[name="email"]').fill(customer.email);
    await submitAndWait(page, page.locator('form#signin button[type="submit"]'));
    const dir = path.join(maildir, 'inbox', 'new');
    let link = null;
    for (let i = 0; i < 100 && !link; i++) {
      const mail = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
        .map((f) => unQuote(fs.readFileSync(path.join(dir, f), 'utf8')))
        .find((m) => m.includes(`To: ${customer.email}`) && m.includes('/auth/magic?token='));
      link = mail?.match(/https?:\/\/\S*\/auth\/magic\?token=[A-Za-z0-9_-]+/)?.[0];
      if (!link) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(link, 'the sign-in link arrived');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await submitAndWait(page, page.locator('form#magic button[type="submit"]'));

    // My data: the download, then the erasure.
    await page.goto(`${server.url}/privacy?lang=en`);
    await submitAndWait(page, page.locator('form#privacy-export button'));
    const href = await page.locator('a.privacy-download').first().getAttribute('href');
    const data = await page.evaluate(async (url) => (await fetch(url)).json(), href);
    assert.equal(data.data.person.email, customer.email);
    assert.ok(Array.isArray(data.data.tickets));
    await page.locator('form#privacy-erasure input[name="confirm"]').check();
    await submitAndWait(page, page.locator('form#privacy-erasure button'));
    assert.match(await page.locator('[role="status"]').innerText(), /within 30 days/);
    await screenshot(page, 'privacy-my-data');

    // An admin carries it out; the customer is gone from the people list.
    const admin = await newPage(browser);
    await admin.goto(`${server.url}/agent/login?lang=en`);
    await admin.locator('input[name="email"]').fill('admin@demo.marketdesk.dev');
    await admin.locator('input[name="password"]').fill('marketdesk-demo');
    await Promise.all([admin.waitForURL(/\/agent$/), admin.locator('form#login button[type="submit"]').click()]);
    await admin.goto(`${server.url}/agent/privacy?lang=en`);
    await submitAndWait(admin, admin.locator('#privacy-queue tr', { hasText: `#${customer.id}` }).locator('button'));
    assert.match(await admin.locator('[role="status"]').innerText(), /Erased/);
    const after = await server.api(`/api/v1/customers/${customer.id}`);
    assert.notEqual(after.email, customer.email);
    assert.match(after.name, /erased/);
  });

  /** The newest mail to `to` whose text matches `pattern`, waiting for delivery. */
  async function mailTo(to, pattern) {
    const dir = path.join(maildir, 'inbox', 'new');
    for (let i = 0; i < 100; i++) {
      const found = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
        .map((f) => { const raw = fs.readFileSync(path.join(dir, f), 'utf8'); return unQuote(raw) + decodeBase64Parts(raw); })
        .filter((m) => m.includes(`To: ${to}`) && pattern.test(m));
      if (found.length) return found[found.length - 1];
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error(`no mail to ${to} matching ${pattern}`);
  }

  /** The text of base64 parts of a mail (bodies in CJK travel that way). */
  function decodeBase64Parts(raw) {
    const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n');
    try { return Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8'); } catch { return ''; }
  }

  test('a suspicious sign-in: "was this you?", no, a locked account, an urgent ticket and an identity check with a document', { timeout: 150_000 }, async () => {
    const customers = await server.api('/api/v1/customers?limit=100');
    const customer = customers.items.find((p) => p.role === 'customer' && p.language === 'es' && !p.email.endsWith('.invalid') && !p.disabled);
    assert.ok(customer, 'a Spanish-speaking demo customer');
    // The platform reports a sign-in from a new country.
    const res = await fetch(`${server.url}/api/v1/ingest/account-signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: customer.email, kind: 'new_country', detail: 'Lagos, Nigeria — Chrome on Windows' }),
    });
    assert.equal(res.status, 201, await res.text());
    const mail = await mailTo(customer.email, /\/account\/signal\?token=/);
    const link = mail.match(/https?:\/\/\S*\/account\/signal\?token=[A-Za-z0-9_-]+/)[0];

    // The customer opens it (in Spanish) and answers no.
    const page = await newPage(browser, { locale: 'es-ES' });
    await page.goto(`${link.replace(/^https?:\/\/[^/]+/, server.url)}&lang=es`);
    assert.match(await page.locator('#signal-question').innerText(), /Lagos, Nigeria/);
    await submitAndWait(page, page.locator('#signal-no'));
    assert.match(await page.locator('#signal-outcome').innerText(), /Bloqueamos tu cuenta/);
    await screenshot(page, 'signal-no-es');

    // An agent finds the urgent ticket and the identity check.
    const agent = await newPage(browser);
    await agent.goto(`${server.url}/agent/login?lang=en`);
    await agent.locator('input[name="email"]').fill('ana.lopez@demo.marketdesk.dev');
    await agent.locator('input[name="password"]').fill('marketdesk-demo');
    await Promise.all([agent.waitForURL(/\/agent$/), agent.locator('form#login button[type="submit"]').click()]);
    const tickets = await server.api('/api/v1/tickets?tag=suspicious_activity');
    const ticket = tickets.items.find((t) => t.requester.id === customer.id);
    assert.equal(ticket?.priority, 'urgent');
    await agent.goto(`${server.url}/agent/identity-checks?lang=en`);
    const check = agent.locator('article.identity-check', { hasText: `#${customer.id}` });
    assert.match(await check.innerText(), /suspicious_activity/);

    // She is asked for a document, uploads it from the mailed link, and the
    // agent records it; the file is deleted once looked at.
    await submitAndWait(agent, check.locator('button.ask-document'));
    const upload = await mailTo(customer.email, /\/account\/identity-document\?token=/);
    const uploadLink = upload.match(/https?:\/\/\S*\/account\/identity-document\?token=[A-Za-z0-9_-]+/)[0];
    await page.goto(uploadLink.replace(/^https?:\/\/[^/]+/, server.url));
    assert.match(await page.locator('h1').innerText(), /documento de identidad/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 1)]);
    await page.locator('form#identity-upload input[type="file"]').setInputFiles({ name: 'dni.png', mimeType: 'image/png', buffer: png });
    await submitAndWait(page, page.locator('form#identity-upload button[type="submit"]'));
    assert.match(await page.locator('#identity-upload-done').innerText(), /recibimos tu documento/);
    await agent.goto(`${server.url}/agent/identity-checks?lang=en`);
    const reviewed = agent.locator('article.identity-check', { hasText: `#${customer.id}` });
    assert.match(await reviewed.locator('.document-status').innerText(), /waiting for review/);
    const href = await reviewed.locator('a.view-document').getAttribute('href');
    const file = await agent.evaluate(async (url) => { const r = await fetch(url); return { type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength }; }, href);
    assert.deepEqual(file, { type: 'image/png', size: png.length });
    await reviewed.locator('form.document-review input[name="note"]').fill('DNI matches the name on the orders');
    await submitAndWait(agent, reviewed.locator('form.document-review button'));
    const after = agent.locator('article.identity-check', { hasText: `#${customer.id}` });
    assert.match(await after.locator('.document-status').innerText(), /reviewed and deleted/);
    await after.locator('select[name="step"]').selectOption('delivery_postcode');
    await submitAndWait(agent, after.locator('form.step-form button'));
    assert.match(await agent.locator('article.identity-check', { hasText: `#${customer.id}` }).innerText(), /pass the check/);
    await screenshot(agent, 'identity-check');
    assert.deepEqual(agent.pageErrors, []);
  });

  test('a listing report is decided and the reporter told by mail', { timeout: 90_000 }, async () => {
    // A shopper reports a listing, in Spanish, without an account.
    const guest = await newPage(browser, { locale: 'es-ES' });
    await guest.goto(`${server.url}/report?subject=listing&reference=https%3A%2F%2Fshop.example%2Fitem%2F77&lang=es`);
    const form = guest.locator('form#report');
    await form.locator('select[name="reason"]').selectOption('counterfeit');
    await form.locator('textarea[name="details"]').fill('El logo está mal escrito, es una falsificación.');
    await form.locator('input[name="email"]').fill('marta.reporta@example.com');
    await submitAndWait(guest, form.locator('button[type="submit"]'));
    assert.match(await guest.locator('[role="status"]').innerText(), /tu denuncia llegó/);

    // An agent finds it first in the queue and takes it down.
    const agent = await newPage(browser);
    await agent.goto(`${server.url}/agent/login?lang=en`);
    await agent.locator('input[name="email"]').fill('ana.lopez@demo.marketdesk.dev');
    await agent.locator('input[name="password"]').fill('marketdesk-demo');
    await Promise.all([agent.waitForURL(/\/agent$/), agent.locator('form#login button[type="submit"]').click()]);
    await agent.goto(`${server.url}/agent/moderation?lang=en`);
    const item = agent.locator('article.moderation-item', { hasText: 'shop.example/item/77' });
    assert.match(await item.innerText(), /Counterfeit/);
    await item.locator('select[name="decision"]').selectOption('takedown');
    await item.locator('input[name="note"]').fill('Brand confirmed it is fake.');
    await submitAndWait(agent, item.locator('button[type="submit"]'));
    assert.match(await agent.locator('#moderation-decided').innerText(), /shop\.example\/item\/77/);
    await screenshot(agent, 'moderation-queue');

    // The reporter is told, in Spanish, over real SMTP.
    const dir = path.join(maildir, 'inbox', 'new');
    let told = null;
    for (let i = 0; i < 100 && !told; i++) {
      told = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
        .find((m) => m.includes('To: marta.reporta@example.com'));
      if (!told) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(told, 'the outcome was mailed');
    assert.match(Buffer.from(told.split(/\r?\n\r?\n/).slice(1).join('\n').replace(/\s/g, ''), 'base64').toString('utf8') + unQuote(told), /retirado/);
    assert.deepEqual(agent.pageErrors, []);
  });
});
