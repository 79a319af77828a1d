// Customer portal: order lookup by number + email, address change while the
// order may still change, the refusal once it has shipped, a wrong email.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  apiList,
  escapeRe,
  launchBrowser,
  newPage,
  screenshot,
  setField,
  startServer,
  submitAndWait,
} from './server.mjs';

describe('customer portal', () => {
  let server;
  let browser;
  let changeable; // { order, email }: paid or processing
  let shipped; // { order, email }: shipped, with tracking events

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const orders = await apiList(server, '/api/v1/orders');
    const withEmail = async (order) => {
      const customer = await server.api(`/api/v1/customers/${order.customer_id}`);
      return { order, email: customer.email };
    };
    const open = orders.find((o) => o.status === 'paid' || o.status === 'processing');
    assert.ok(open, 'the demo shop has a paid or processing order');
    changeable = await withEmail(open);
    for (const o of orders.filter((o) => o.status === 'shipped')) {
      const detail = await server.api(`/api/v1/orders/${o.id}`);
      if (detail.shipments.some((s) => s.events.length > 0)) {
        shipped = await withEmail(detail);
        break;
      }
    }
    assert.ok(shipped, 'the demo shop has a shipped order with tracking events');
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function lookUp(page, number, email) {
    await page.goto(`${server.url}/orders/lookup`);
    const form = page.locator('form#order-lookup');
    await form.waitFor();
    await form.locator('input[name="order_number"]').fill(number);
    await form.locator('input[name="email"]').fill(email);
    await submitAndWait(page, form.locator('button[type="submit"]'));
  }

  test('looks up a paid order and changes its shipping address', { timeout: 30_000 }, async () => {
    const page = await newPage(browser);
    const { order, email } = changeable;

    await page.goto(`${server.url}/?lang=en`);
    await screenshot(page, 'portal-home');
    const link = page.locator('a#order-lookup-link');
    assert.equal(new URL(await link.getAttribute('href'), server.url).pathname, '/orders/lookup');
    await Promise.all([page.waitForURL(/\/orders\/lookup(\?|$)/), link.click()]);

    const form = page.locator('form#order-lookup');
    await form.locator('input[name="order_number"]').fill(order.number);
    await form.locator('input[name="email"]').fill(email);
    await submitAndWait(page, form.locator('button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, new RegExp(`^/orders/${escapeRe(order.number)}$`));

    assert.match(await page.locator('h1').first().innerText(), new RegExp(escapeRe(order.number)));
    assert.notEqual((await page.locator('#order-status').innerText()).trim(), '', '#order-status has a label');
    assert.ok(await page.locator('section#lines').isVisible(), 'section#lines is shown');
    assert.equal(await page.locator('ol#timeline').count(), 1, 'ol#timeline is on the page');
    assert.equal(await page.locator('.notice').count(), 0, 'no notice before the change');

    const change = page.locator('form#change-address');
    assert.ok(await change.isVisible(), `form#change-address is shown for a ${order.status} order`);
    const line1 = `${crypto.randomInt(100, 999)} Testing Lane ${crypto.randomBytes(3).toString('hex')}`;
    const addr = order.shipping_address;
    await setField(change, 'name', addr.name);
    await setField(change, 'line1', line1);
    await setField(change, 'city', addr.city);
    await setField(change, 'postal_code', addr.postal_code);
    await setField(change, 'country', addr.country);
    await submitAndWait(page, change.locator('button[type="submit"], input[type="submit"]').first());

    assert.match(new URL(page.url()).pathname, new RegExp(`^/orders/${escapeRe(order.number)}$`));
    const notice = page.locator('.notice');
    await notice.first().waitFor({ state: 'visible' });
    assert.notEqual((await notice.first().innerText()).trim(), '', 'the notice has a confirmation');
    assert.match(await page.locator('#shipping-address').innerText(), new RegExp(escapeRe(line1)));
    await screenshot(page, 'portal-order');

    const stored = await server.api(`/api/v1/orders/${order.id}`);
    assert.equal(stored.shipping_address.line1, line1, 'the API has the new address');
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('a shipped order shows why the address cannot change', { timeout: 30_000 }, async () => {
    const page = await newPage(browser);
    const { order, email } = shipped;
    await lookUp(page, order.number, email);
    assert.match(new URL(page.url()).pathname, new RegExp(`^/orders/${escapeRe(order.number)}$`));
    assert.match(await page.locator('h1').first().innerText(), new RegExp(escapeRe(order.number)));
    assert.ok((await page.locator('ol#timeline li').count()) > 0, 'tracking events are listed');
    assert.equal(await page.locator('form#change-address').count(), 0, 'no address form once shipped');
    const refused = page.locator('#change-address-refused');
    assert.ok(await refused.isVisible(), '#change-address-refused is shown');
    assert.notEqual((await refused.innerText()).trim(), '', 'the refusal gives a reason');
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('tracking times are shown in the viewer\'s time zone', { timeout: 30_000 }, async () => {
    const page = await newPage(browser, { timezoneId: 'Asia/Shanghai' });
    const { order, email } = shipped;
    await lookUp(page, order.number, email);
    const time = page.locator('ol#timeline li time[datetime]').first();
    await page.locator('ol#timeline li time[data-local]').first().waitFor();
    const datetime = await time.getAttribute('datetime');
    const expected = new Intl.DateTimeFormat('en', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Shanghai',
    }).format(new Date(datetime));
    const spaced = (text) => text.replace(/\s+/gu, ' ').trim(); // ICU uses U+202F before AM/PM
    assert.equal(spaced(await time.innerText()), spaced(expected), 'the time is in Shanghai time');
    assert.match(await time.getAttribute('title'), / UTC$/, 'the UTC time stays in the tooltip');
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('a wrong email is refused and opens nothing', { timeout: 30_000 }, async () => {
    const page = await newPage(browser);
    const { order } = shipped;
    await lookUp(page, order.number, 'someone.else@example.org');
    assert.doesNotMatch(new URL(page.url()).pathname, new RegExp(`^/orders/${escapeRe(order.number)}$`));
    assert.ok(await page.locator('form#order-lookup').isVisible(), 'the form is shown again');
    assert.ok(await page.locator('.error').first().isVisible(), '.error is shown');

    // Without a successful lookup the order page must not show the order.
    await page.goto(`${server.url}/orders/${encodeURIComponent(order.number)}`);
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, new RegExp(escapeRe(order.shipping_address.line1)), 'the address stays hidden');
    assert.equal(await page.locator('#shipping-address').count(), 0, 'no #shipping-address without access');
    await page.context().close();
  });
});
