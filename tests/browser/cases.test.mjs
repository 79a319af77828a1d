// The platform's case queue as an agent meets it with the demo shop: the
// escalated case waits first in line, both sides and the order are laid out
// side by side, and a decision moves the case (and its money) on. The page
// reads in Chinese and Spanish too.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

describe('case queue', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an agent decides the escalated case of the demo', { timeout: 90_000 }, async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/agent/login?lang=en`);
    await page.locator('input[name="email"]').fill(DEMO_AGENT.email);
    await page.locator('input[name="password"]').fill(DEMO_AGENT.password);
    await Promise.all([page.waitForURL(/\/agent$/), page.locator('form#login button[type="submit"]').click()]);

    await page.goto(`${server.url}/agent/cases?lang=en`);
    const waiting = page.locator('#cases-queue tbody tr');
    assert.equal(await waiting.count(), 1, 'the escalated demo case waits');
    assert.match(await waiting.first().innerText(), /With the platform/);
    await screenshot(page, 'cases-queue');
    await Promise.all([page.waitForURL(/\/agent\/cases\/\d+/), waiting.first().locator('a.case-link').click()]);

    // Both sides and the order, side by side.
    const sides = page.locator('#case-evidence .case-side');
    assert.equal(await sides.count(), 3);
    assert.match(await sides.nth(0).innerText(), /Buyer/);
    assert.match(await sides.nth(1).innerText(), /checked before shipping/);
    assert.ok((await page.locator('#case-order-facts li').count()) > 0, 'the order as evidence');
    await screenshot(page, 'case-decide');

    const form = page.locator('form#case-decide');
    await form.locator('select[name="outcome"]').selectOption('full_refund');
    await form.locator('textarea[name="note"]').fill('The photos show it was used: full refund.');
    await submitAndWait(page, form.locator('button[type="submit"]'));
    assert.match(await page.locator('#case-status').innerText(), /Decided/);
    assert.match(await page.locator('#case-outcome').innerText(), /Full refund/);
    assert.equal(await page.locator('form#case-decide').count(), 0, 'decided once');

    // The same page in Chinese and Spanish.
    await page.goto(`${page.url().split('?')[0]}?lang=zh`);
    assert.match(await page.locator('#case-status').innerText(), /已裁决/);
    await page.goto(`${page.url().split('?')[0]}?lang=es`);
    assert.match(await page.locator('#case-outcome').innerText(), /Reembolso completo/);
  });
});
