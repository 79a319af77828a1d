// Admin console and the agent's SLA view: the demo admin writes a help-center
// article in Spanish and publishes it, gives a staff member another role, and
// the breaching-SLA queue shows ticking clocks.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

const DEMO_ADMIN = { email: 'admin@demo.marketdesk.dev', password: 'marketdesk-demo' };

describe('admin console', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.goto(`${server.url}/agent/login`);
    const login = page.locator('form#login');
    await login.locator('input[name="email"]').fill(DEMO_ADMIN.email);
    await login.locator('input[name="password"]').fill(DEMO_ADMIN.password);
    await submitAndWait(page, login.locator('button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/agent\/?$/, 'the admin is signed in');
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('writes and publishes an article that customers then read', { timeout: 30_000 }, async () => {
    const slug = `e2e-${crypto.randomBytes(3).toString('hex')}`;
    await page.goto(`${server.url}/agent/admin/articles`);
    const form = page.locator('form#article-editor');
    await form.locator('input[name="slug"]').fill(slug);
    await form.locator('input[name="category"]').fill('orders');
    await form.locator('input[name="title_es"]').fill('Envolver para regalo');
    await form.locator('textarea[name="body_es"]').fill('Puedes añadir papel de regalo al pagar.');
    await submitAndWait(page, form.locator('button[type="submit"]'));
    assert.match(page.url(), new RegExp(`edit=${slug}`));
    // A draft stays hidden from customers.
    const customer = await newPage(browser, { locale: 'es-ES' });
    await customer.goto(`${server.url}/help/${slug}?lang=es`);
    assert.notEqual(new URL(customer.url()).pathname, `/help/${slug}`, 'a draft is not shown');

    await page.locator('form#article-editor select[name="status"]').selectOption('published');
    await submitAndWait(page, page.locator('form#article-editor button[type="submit"]'));
    await screenshot(page, 'admin-help-center');
    await customer.goto(`${server.url}/help/${slug}?lang=es`);
    assert.equal(new URL(customer.url()).pathname, `/help/${slug}`);
    assert.match(await customer.locator('main').innerText(), /Envolver para regalo/);
    await customer.close();
  });

  test('approves a refund and rejects a coupon waiting for approval', { timeout: 30_000 }, async () => {
    const waiting = (await server.api('/api/v1/refunds?status=pending_approval&limit=100')).items;
    const refund = waiting.find((r) => r.destination === 'original_method');
    const coupon = waiting.find((r) => r.destination === 'coupon');
    assert.ok(refund && coupon, 'the demo has a refund and a coupon waiting');
    await page.goto(`${server.url}/agent/approvals`);
    await page.locator(`#approval-${refund.id}`).waitFor();
    await screenshot(page, 'agent-approvals');
    await submitAndWait(page, page.locator(`#approval-${refund.id} form.approve button[type="submit"]`));
    assert.equal(await page.locator(`#approval-${refund.id}`).count(), 0, 'the approved refund left the queue');
    const reject = page.locator(`#approval-${coupon.id} form.reject`);
    await reject.locator('input[name="note"]').fill('Already compensated by phone');
    await submitAndWait(page, reject.locator('button[type="submit"]'));
    assert.equal(await page.locator(`#approval-${coupon.id}`).count(), 0, 'the rejected coupon left the queue');
    const order = await server.api(`/api/v1/orders/${refund.order_id}`);
    assert.equal(order.refunds.find((r) => r.id === refund.id).status, 'completed');
    const other = await server.api(`/api/v1/orders/${coupon.order_id}`);
    const decided = other.refunds.find((r) => r.id === coupon.id);
    assert.equal(decided.status, 'rejected');
    assert.equal(decided.decision_note, 'Already compensated by phone');
  });

  test('changes a staff member\'s role', { timeout: 30_000 }, async () => {
    await page.goto(`${server.url}/agent/admin/people`);
    const agents = await server.api('/api/v1/agents?limit=100');
    const someone = agents.items.find((p) => p.role === 'agent');
    assert.ok(someone, 'the demo has agents');
    const row = page.locator(`#person-${someone.id}`);
    await row.locator('select[name="role"]').selectOption('supervisor');
    await submitAndWait(page, row.locator('button[type="submit"]'));
    const after = await server.api(`/api/v1/agents/${someone.id}`);
    assert.equal(after.role, 'supervisor');
    assert.equal(await page.locator(`#person-${someone.id} select[name="role"]`).inputValue(), 'supervisor');
    await screenshot(page, 'admin-staff');
  });

  test('shows the breaching-SLA queue with clocks', { timeout: 30_000 }, async () => {
    await page.goto(`${server.url}/agent?view=breaching`);
    const count = Number(await page.locator('#views .count[data-view="breaching"]').innerText());
    const listed = await server.api('/api/v1/tickets?sla=breached&limit=100');
    if (listed.next_cursor) assert.ok(count >= listed.items.length, `${count} counted`);
    else assert.equal(count, listed.items.length, 'the count is the queue');
    if (listed.items.length > 0) {
      await page.locator('table#tickets .sla.sla-breached').first().waitFor();
    }
    // On a ticket page both clocks are shown (a breaching one when there is one).
    const shown = listed.items[0] ?? (await server.api('/api/v1/tickets?limit=1')).items[0];
    await page.goto(`${server.url}/agent/tickets/${shown.id}`);
    assert.equal(await page.locator('#sla .sla').count(), 2);
    await screenshot(page, 'agent-sla');
  });
});
