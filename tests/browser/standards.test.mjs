// Seller standards as a supervisor meets them with the demo shop: the desk
// lists the sellers worst first and the appeal the demo's seller sent; the
// supervisor reads the seller's measures, lifts the notice and gives a
// strike; the desk reads in Chinese and Spanish too.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

const SUPERVISOR = { email: 'priya.shah@demo.marketdesk.dev', password: 'marketdesk-demo' };

describe('seller standards', () => {
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

  test('a supervisor lifts an appealed notice and gives a strike', { timeout: 90_000 }, async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/agent/login?lang=en`);
    await page.locator('input[name="email"]').fill(SUPERVISOR.email);
    await page.locator('input[name="password"]').fill(SUPERVISOR.password);
    await Promise.all([page.waitForURL(/\/agent$/), page.locator('form#login button[type="submit"]').click()]);

    await page.goto(`${server.url}/agent/standards?lang=en`);
    // Sellers worst first: the demo's late shippers are restricted.
    assert.match(await page.locator('#sellers tbody tr').first().innerText(), /Restricted/);
    assert.match(await page.locator('#sellers').innerText(), /Late shipment rate/);
    // The appeal of the demo's seller with a strike waits with its form.
    const appeal = page.locator('article[id^="appeal-"]').first();
    assert.match(await appeal.innerText(), /supplier's invoice/);
    await screenshot(page, 'standards-desk');

    // The seller's page: each measure against its limits.
    await Promise.all([page.waitForURL(/\/agent\/sellers\/\d+/), appeal.locator('a').first().click()]);
    assert.equal(await page.locator('#standards-readings tbody tr').count(), 4);
    assert.match(await page.locator('#standing-now').innerText(), /Warning/);
    const decide = page.locator('form.decide-form').first();
    await decide.locator('select[name="decision"]').selectOption('lifted');
    await decide.locator('textarea[name="text"]').fill('The invoice shows new stock: lifted.');
    await submitAndWait(page, decide.locator('button[type="submit"]'));
    assert.match(await page.locator('#standing-now').innerText(), /Good/);
    assert.match(await page.locator('.notice-card').first().innerText(), /after an appeal/);

    // A second strike is worse than the lifted warning: restricted.
    const strike = page.locator('form#strike-form');
    await strike.locator('select[name="reason"]').selectOption('off_platform_payment');
    await strike.locator('textarea[name="text"]').fill('Asked a buyer to pay by bank transfer.');
    await submitAndWait(page, strike.locator('button[type="submit"]'));
    assert.match(await page.locator('[role="status"]').innerText(), /Strike given/);
    assert.match(await page.locator('#standing-now').innerText(), /Restricted/);
    assert.equal(await page.locator('#strikes li').count(), 2);
    await screenshot(page, 'standards-seller');

    // The desk in Chinese and Spanish.
    await page.goto(`${server.url}/agent/standards?lang=zh`);
    assert.match(await page.locator('h1').innerText(), /卖家标准/);
    assert.match(await page.locator('#sellers tbody tr').first().innerText(), /受限/);
    assert.match(await page.locator('#sellers').innerText(), /延迟发货率/);
    await page.goto(`${server.url}/agent/standards?lang=es`);
    assert.match(await page.locator('#sellers tbody tr').first().innerText(), /Restringida/);
    assert.match(await page.locator('h2').first().innerText(), /Apelaciones pendientes/);
    assert.deepEqual(page.pageErrors, []);
  });
});
