// Agent workspace: sign in, open a ticket from the inbox, reply with a macro,
// refund 1.00 on an order in the customer sidebar.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  DEMO_AGENT,
  VIEWPORT,
  apiList,
  launchBrowser,
  newPage,
  screenshot,
  startServer,
  submitAndWait,
} from './server.mjs';

// Currencies whose "1.00" is not one unit with cents; the test refunds elsewhere.
const NO_CENTS = new Set(['JPY', 'KRW']);

describe('agent workspace', () => {
  let server;
  let browser;
  let page;
  let ticket; // the ticket opened
  let refundable; // [{ order, payments }] of the requester, at least 1.00 left to refund

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser);
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function refundableOrders(customerId) {
    const orders = await apiList(server, `/api/v1/orders?customer_id=${customerId}`);
    const out = [];
    for (const order of orders) {
      if (NO_CENTS.has(order.currency) || order.status === 'cancelled') continue;
      const payments = await server.api(`/api/v1/orders/${order.id}/payments`);
      if (payments.captured_minor - payments.refunded_minor >= 100) out.push({ order, payments });
    }
    return out;
  }

  async function ticketMessages(id) {
    const answer = await server.api(`/api/v1/tickets/${id}/messages`);
    return Array.isArray(answer) ? answer : answer.items;
  }

  async function refundedTotal(customerId) {
    const orders = await apiList(server, `/api/v1/orders?customer_id=${customerId}`);
    let sum = 0;
    for (const order of orders) sum += (await server.api(`/api/v1/orders/${order.id}/payments`)).refunded_minor;
    return sum;
  }

  test('signs in and opens a ticket from the inbox', { timeout: 30_000 }, async () => {
    await page.goto(`${server.url}/agent/login`);
    const login = page.locator('form#login');
    await login.locator('input[name="email"]').fill(DEMO_AGENT.email);
    await login.locator('input[name="password"]').fill(DEMO_AGENT.password);
    await submitAndWait(page, login.locator('button[type="submit"], input[type="submit"]').first());
    assert.match(new URL(page.url()).pathname, /^\/agent\/?$/, 'signed in, at the inbox');

    const rows = page.locator('table#tickets tbody tr');
    assert.ok((await rows.count()) > 0, 'the inbox lists tickets');
    await screenshot(page, 'agent-inbox');

    // Inbox links, in order, joined with the open tickets of the API.
    const hrefs = await page.locator('table#tickets tbody tr a.ticket-link').evaluateAll((as) =>
      as.map((a) => a.getAttribute('href')),
    );
    const inboxIds = hrefs
      .map((h) => /\/agent\/tickets\/(\d+)(?:[?#/]|$)/.exec(new URL(h, 'http://x').pathname + '/'))
      .filter(Boolean)
      .map((m) => Number(m[1]));
    assert.ok(inboxIds.length > 0, `a.ticket-link points to /agent/tickets/<id> (got ${hrefs.slice(0, 3)})`);
    const open = await apiList(server, '/api/v1/tickets?status=open');
    const openById = new Map(open.map((t) => [t.id, t]));
    const candidates = inboxIds.filter((id) => openById.has(id)).map((id) => openById.get(id));
    assert.ok(candidates.length > 0, 'the inbox shows an open ticket');
    for (const t of candidates.slice(0, 15)) {
      const orders = await refundableOrders(t.requester.id);
      if (orders.length > 0) {
        ticket = t;
        refundable = orders;
        break;
      }
    }
    ticket ??= candidates[0];
    refundable ??= [];

    const link = page.locator(`table#tickets a.ticket-link[href$="/agent/tickets/${ticket.id}"]`).first();
    await Promise.all([page.waitForURL(new RegExp(`/agent/tickets/${ticket.id}(\\?|#|$)`)), link.click()]);
    assert.ok((await page.locator('#conversation .message').count()) > 0, 'the conversation is shown');
    assert.deepEqual(page.pageErrors, []);
  });

  test('the inbox shows at least 20 tickets on a 1366×768 screen', { timeout: 30_000 }, async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.goto(`${server.url}/agent`);
      const boxes = await page.locator('table#tickets tbody tr').evaluateAll((rows) =>
        rows.map((row) => row.getBoundingClientRect().bottom),
      );
      const shown = boxes.filter((bottom) => bottom <= 768).length;
      assert.ok(
        shown >= Math.min(20, boxes.length) && boxes.length >= 20,
        `${shown} of ${boxes.length} inbox rows fit on the screen`,
      );
      // One line a ticket, however long its subject.
      const heights = await page.locator('table#tickets tbody tr').evaluateAll((rows) =>
        rows.map((row) => row.getBoundingClientRect().height),
      );
      assert.ok(Math.max(...heights) < 2 * Math.min(...heights), `row heights ${heights}`);
      await screenshot(page, 'agent-inbox-dense');
    } finally {
      // Back where the next tests start: the ticket opened, the usual size.
      await page.setViewportSize(VIEWPORT);
      if (ticket) await page.goto(`${server.url}/agent/tickets/${ticket.id}`);
    }
  });

  test('replies with a macro and sees the reply', { timeout: 30_000 }, async () => {
    assert.ok(ticket, 'a ticket is open (previous test)');
    const messages = page.locator('#conversation .message');
    const before = await messages.count();
    const apiBefore = (await ticketMessages(ticket.id)).length;

    const form = page.locator('form#reply');
    const body = form.locator('textarea[name="body"]');
    const macro = form.locator('select[name="macro"]');
    const values = await macro.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v !== ''));
    assert.ok(values.length > 0, 'select[name="macro"] offers macros');
    await body.fill('');
    await macro.selectOption(values[0]);
    await page.waitForFunction(
      () => document.querySelector('form#reply textarea[name="body"]').value.trim() !== '',
      null,
      { timeout: 5_000 },
    );
    const filled = await body.inputValue();
    const marker = `e2e-${crypto.randomBytes(4).toString('hex')}`;
    await body.fill(`${filled}\n\n${marker}`);
    await form.locator('select[name="kind"]').selectOption('public');
    await submitAndWait(page, form.locator('button[type="submit"], input[type="submit"]').first());

    assert.match(new URL(page.url()).pathname, new RegExp(`^/agent/tickets/${ticket.id}$`));
    await messages.filter({ hasText: marker }).first().waitFor();
    assert.equal(await messages.count(), before + 1, 'one more message in the conversation');
    const firstLine = filled.split('\n').map((l) => l.trim()).find((l) => l.length > 8 && !/[{}]/.test(l));
    if (firstLine) {
      const shown = await messages.filter({ hasText: marker }).first().innerText();
      assert.ok(shown.includes(firstLine.slice(0, 20)), `the macro text is in the reply (${firstLine.slice(0, 20)})`);
    }
    const apiAfter = await ticketMessages(ticket.id);
    assert.equal(apiAfter.length, apiBefore + 1, 'the API has the reply');
    const sent = apiAfter.find((m) => (m.body_text ?? '').includes(marker));
    assert.ok(sent, 'the API has the message with the marker');
    assert.equal(sent.kind, 'public', 'sent as a public reply');
    assert.equal(sent.author?.email, DEMO_AGENT.email, 'written by the signed-in agent');
    assert.deepEqual(page.pageErrors, []);
  });

  test('refunds 1.00 on an order in the customer sidebar', { timeout: 30_000 }, async () => {
    assert.ok(ticket, 'a ticket is open (previous test)');
    assert.ok(refundable.length > 0, `the requester of ${ticket.reference} has an order with 1.00 left to refund`);
    const aside = page.locator('aside#customer');
    const forms = aside.locator('form.refund');
    assert.ok((await forms.count()) > 0, 'the sidebar has refund forms');

    // Which order is each form for? Its action, or the text of its own block in the sidebar.
    const blocks = await forms.evaluateAll((fs) =>
      fs.map((f) => {
        let el = f;
        for (;;) {
          const p = el.parentElement;
          if (!p || p.id === 'customer' || p.querySelectorAll('form.refund').length > 1) break;
          el = p;
        }
        return { action: f.getAttribute('action') || '', text: el.innerText };
      }),
    );
    let index = -1;
    let chosen = null;
    for (const r of refundable) {
      index = blocks.findIndex(
        (b) =>
          b.text.includes(r.order.number) ||
          b.action.includes(`/orders/${r.order.id}/`) ||
          b.action.endsWith(`/orders/${r.order.id}`) ||
          b.action.includes(r.order.number),
      );
      if (index >= 0) {
        chosen = r;
        break;
      }
    }
    assert.ok(chosen, `a refund form names one of ${refundable.map((r) => r.order.number).join(', ')}`);

    const form = forms.nth(index);
    assert.notEqual((await form.locator('.refund-limit').innerText()).trim(), '', '.refund-limit is shown');
    const totalBefore = await refundedTotal(ticket.requester.id);
    await form.locator('input[name="amount"]').fill('1.00');
    const reason = form.locator('[name="reason"]');
    if ((await reason.count()) > 0 && (await reason.first().inputValue()) === '') await reason.first().fill('Goodwill (e2e)');
    await submitAndWait(page, form.locator('button[type="submit"], input[type="submit"]').first());

    const notice = page.locator('.notice');
    await notice.first().waitFor({ state: 'visible' });
    assert.notEqual((await notice.first().innerText()).trim(), '');
    assert.equal(await page.locator('.error').count(), 0, 'no error shown');
    const after = await server.api(`/api/v1/orders/${chosen.order.id}/payments`);
    assert.equal(after.refunded_minor, chosen.payments.refunded_minor + 100, `1.00 refunded on ${chosen.order.number}`);
    assert.equal(await refundedTotal(ticket.requester.id), totalBefore + 100, 'exactly one refund');
    await screenshot(page, 'agent-ticket');
    assert.deepEqual(page.pageErrors, []);
  });
});
