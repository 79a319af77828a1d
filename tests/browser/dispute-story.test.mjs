// The whole story of a case with the demo shop, as the issue tells it: a
// buyer opens a not-as-described case with a photo in the portal; the
// seller offers a partial refund; the buyer rejects it and escalates; an
// agent decides refund-after-return in the workspace; the return is
// received and inspected and the refund runs through after-sales; the
// seller's payout follows the outcome and their defect rate moves.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, apiList, launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

/** The one-pixel PNG a phone would not send, but a real image all the same. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001' +
  '0d0a2db40000000049454e44ae426082', 'hex');

describe('a case from opening to refund', () => {
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

  async function api(method, path, token, body) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /** A delivered demo order of one seller, recent enough for a case, without one. */
  async function storyOrder() {
    const withCases = new Set((await server.api('/api/v1/cases')).cases.map((c) => c.order_number));
    for (const o of await apiList(server, '/api/v1/orders', 300)) {
      if (o.status !== 'delivered' || withCases.has(o.number)) continue;
      const detail = await server.api(`/api/v1/orders/${o.number}`);
      const sellers = new Set(detail.lines.map((l) => l.seller_id));
      const delivered = detail.shipments.map((s) => s.delivered_at).filter(Boolean);
      const recent = delivered.length === detail.shipments.length && delivered.length > 0
        && delivered.every((d) => Date.now() - Date.parse(d) < 20 * 86_400_000);
      if (sellers.size === 1 && !sellers.has(null) && recent) {
        const customer = await server.api(`/api/v1/customers/${detail.customer_id}`);
        return { number: o.number, email: customer.email, seller: [...sellers][0] };
      }
    }
    throw new Error('the demo has no delivered single-seller order for a case');
  }

  test('buyer, seller and platform in the browser and the API', { timeout: 120_000 }, async () => {
    const story = await storyOrder();
    const sellerToken = (await api('POST', '/api/v1/tokens', server.adminToken, { person_id: story.seller, name: 'story' })).secret;
    const before = await api('GET', `/api/v1/sellers/${story.seller}/standards`, server.adminToken);
    const defectsBefore = before.defects;

    // The buyer proves the order and opens a case from its page, with a photo.
    const buyer = await newPage(browser);
    await buyer.goto(`${server.url}/orders/lookup?lang=en`);
    const lookup = buyer.locator('form#order-lookup');
    await lookup.locator('input[name="order_number"]').fill(story.number);
    await lookup.locator('input[name="email"]').fill(story.email);
    await submitAndWait(buyer, lookup.locator('button[type="submit"]'));
    await Promise.all([buyer.waitForURL(/\/cases\/new/), buyer.locator('a#order-open-case').click()]);
    const form = buyer.locator('form#case-open');
    await form.locator('select[name="reason"]').selectOption('not_as_described');
    await form.locator('textarea[name="description"]').fill('The colour is nothing like the photos and the seams are coming apart.');
    await form.locator('input[name="seller_contacted"]').check();
    await form.locator('input[name="return_declined"]').check();
    await form.locator('input[type="file"]').setInputFiles({ name: 'seams.png', mimeType: 'image/png', buffer: PNG });
    await Promise.all([buyer.waitForURL(/\/cases\/\d+$/), form.locator('button[type="submit"]').click()]);
    const id = Number(new URL(buyer.url()).pathname.split('/').pop());
    assert.match(await buyer.locator('#case-thread').innerText(), /seams are coming apart/);
    assert.equal(await buyer.locator('#case-thread a[download]').count(), 1, 'the photo, as a download');
    let seen = await api('GET', `/api/v1/cases/${id}`, server.adminToken);
    assert.equal(seen.payout, 'held');

    // The seller offers a partial refund (through the API, as a seller's tools would).
    await api('POST', `/api/v1/cases/${id}/steps`, sellerToken, { step: 'offer', remedy: 'partial_refund', amount_minor: 300, note: 'Sorry! 3.00 back?' });

    // The buyer rejects it and escalates, on the case's page.
    await buyer.reload();
    assert.match(await buyer.locator('#case-offer').innerText(), /Partial refund/);
    await submitAndWait(buyer, buyer.locator('#case-step-reject'));
    await submitAndWait(buyer, buyer.locator('#case-step-escalate'));
    assert.match(await buyer.locator('#case-status').innerText(), /platform/i);
    await screenshot(buyer, 'case-buyer-escalated');

    // An agent decides refund-after-return in the workspace.
    const agent = await newPage(browser);
    await agent.goto(`${server.url}/agent/login?lang=en`);
    await agent.locator('input[name="email"]').fill(DEMO_AGENT.email);
    await agent.locator('input[name="password"]').fill(DEMO_AGENT.password);
    await Promise.all([agent.waitForURL(/\/agent$/), agent.locator('form#login button[type="submit"]').click()]);
    await agent.goto(`${server.url}/agent/cases/${id}?lang=en`);
    assert.match(await agent.locator('#case-evidence').innerText(), /seams are coming apart/);
    const decide = agent.locator('form#case-decide');
    await decide.locator('select[name="outcome"]').selectOption('refund_after_return');
    await decide.locator('textarea[name="note"]').fill('Return it; the refund follows when it arrives.');
    await submitAndWait(agent, decide.locator('button[type="submit"]'));
    assert.match(await agent.locator('#case-outcome').innerText(), /return/i);

    // The return runs through after-sales: received, inspected, refunded.
    let order = await api('GET', `/api/v1/orders/${story.number}`, server.adminToken);
    assert.equal(order.returns.length, 1, 'one return, from the decision');
    const rma = order.returns[0].rma;
    await api('POST', `/api/v1/returns/${rma}/events`, server.adminToken, { event: 'received' });
    await api('POST', `/api/v1/returns/${rma}/inspection`, server.adminToken, { outcome: 'accept' });
    order = await api('GET', `/api/v1/orders/${story.number}`, server.adminToken);
    assert.ok(order.refunds.length >= 1, `refunded: ${JSON.stringify(order.refunds)}`);
    seen = await api('GET', `/api/v1/cases/${id}`, server.adminToken);
    assert.equal(seen.payout, 'reversed', 'the refunded share comes off the seller\'s payout');

    // The seller's defect rate moved.
    const after = await api('GET', `/api/v1/sellers/${story.seller}/standards`, server.adminToken);
    assert.equal(after.defects, defectsBefore + 1, JSON.stringify(after.readings));
    assert.deepEqual(buyer.pageErrors, []);
    assert.deepEqual(agent.pageErrors, []);
  });
});
