// The chat widget: a customer changes an unshipped order's address with the
// assistant in Chinese, gets a return label in Spanish, and is handed to an
// agent who sees the whole conversation and answers live.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, apiList, launchBrowser, newPage, screenshot, startServer } from './server.mjs';

describe('chat widget', () => {
  let server;
  let browser;
  let changeable; // { order, email }
  let delivered; // { order, email }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const orders = await apiList(server, '/api/v1/orders');
    const withEmail = async (order) => ({ order, email: (await server.api(`/api/v1/customers/${order.customer_id}`)).email });
    // A Chinese-speaking customer's unshipped order: the chat and the
    // confirmation are in Chinese.
    for (const o of orders.filter((o) => o.status === 'paid' || o.status === 'processing')) {
      const customer = await server.api(`/api/v1/customers/${o.customer_id}`);
      if (customer.language.startsWith('zh')) {
        changeable = { order: o, email: customer.email };
        break;
      }
    }
    assert.ok(changeable, 'the demo shop has an unshipped order of a Chinese-speaking customer');
    for (const o of orders.filter((o) => o.status === 'delivered')) {
      const detail = await server.api(`/api/v1/orders/${o.id}`);
      const recent = detail.shipments.some((s) => s.delivered_at && Date.now() - Date.parse(s.delivered_at) < 20 * 86_400_000);
      if (recent && detail.lines.some((l) => !l.final_sale) && detail.returns.length === 0) {
        delivered = await withEmail(detail);
        break;
      }
    }
    assert.ok(delivered, 'the demo shop has a recently delivered order');
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /// Opens the widget on the portal home in `lang` and returns its frame.
  async function openWidget(page, lang) {
    await page.goto(`${server.url}/?lang=${lang}`);
    await page.locator('#marketdesk-chat-button').click();
    const frame = page.frameLocator('#marketdesk-chat-frame');
    await frame.locator('#chat-log .chat-line.assistant').first().waitFor();
    return frame;
  }

  /// Sends a line and waits until the assistant has answered it.
  async function say(frame, text) {
    const before = await frame.locator('#chat-log .chat-line').count();
    await frame.locator('#chat-input').fill(text);
    await frame.locator('#chat-form button[type="submit"]').click();
    await frame.locator('#chat-log .chat-line').nth(before + 1).waitFor();
    return (await frame.locator('#chat-log .chat-line').last().textContent()) || '';
  }

  test('changes the address in Chinese', { timeout: 60_000 }, async () => {
    const page = await newPage(browser);
    const frame = await openWidget(page, 'zh-CN');
    assert.match(await say(frame, '我想修改收货地址'), /订单号/);
    assert.match(await say(frame, changeable.order.number), /邮箱/);
    assert.match(await say(frame, changeable.email), /街道/);
    await say(frame, '南京西路 1266 号');
    await say(frame, '上海');
    await say(frame, '200040');
    assert.match(await say(frame, 'CN'), /确认/);
    assert.match(await say(frame, '是'), /已完成/);
    const order = await server.api(`/api/v1/orders/${changeable.order.id}`);
    assert.equal(order.shipping_address.line1, '南京西路 1266 号');
    await screenshot(page, 'chat-zh');
    await page.close();
  });

  test('gets a return label in Spanish, then a person answers live', { timeout: 90_000 }, async () => {
    const page = await newPage(browser);
    const sockets = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const frame = await openWidget(page, 'es');
    assert.match(await say(frame, `Quiero devolver un artículo del pedido ${delivered.order.number}`), /correo/);
    assert.match(await say(frame, delivered.email), /1\./);
    assert.match(await say(frame, '1'), /Pequeño/);
    assert.match(await say(frame, '2'), /\(sí \/ no\)/);
    await say(frame, 'sí');
    const label = frame.locator('#chat-log a.label-link').last();
    await label.waitFor();
    const href = await label.getAttribute('href');
    const pdf = await page.request.get(`${server.url}${href}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');

    const handed = await say(frame, 'Quiero hablar con una persona');
    const reference = handed.match(/\((MD-\d+)\)/)[1];

    // The agent signs in, finds the ticket with the whole conversation, answers.
    const agent = await newPage(browser);
    await agent.goto(`${server.url}/agent/login`);
    await agent.locator('input[name="email"]').fill(DEMO_AGENT.email);
    await agent.locator('input[name="password"]').fill(DEMO_AGENT.password);
    await Promise.all([agent.waitForURL(/\/agent$/), agent.locator('form#login button[type="submit"]').click()]);
    const tickets = await apiList(server, '/api/v1/tickets?channel=chat');
    const ticket = tickets.find((t) => t.reference === reference);
    assert.ok(ticket, `ticket ${reference}`);
    await agent.goto(`${server.url}/agent/tickets/${ticket.id}`);
    const conversation = await agent.locator('#conversation').textContent();
    assert.ok(conversation.includes(delivered.order.number), 'the agent sees the transcript');
    assert.ok(conversation.includes('Detected intent'), 'and what the assistant understood');
    await agent.locator('textarea[name="body"]').fill('Hola, soy Ana. Ya lo veo, te ayudo enseguida.');
    await Promise.all([agent.waitForURL(/\/agent\/tickets\//), agent.locator('form#reply button[type="submit"]').click()]);
    await frame.locator('#chat-log .chat-line.agent').filter({ hasText: 'soy Ana' }).waitFor({ timeout: 15_000 });
    assert.ok(sockets.some((url) => url.includes('/chat/socket')), `the widget talks over a WebSocket: ${sockets}`);
    await screenshot(page, 'chat-handover');
    await agent.close();
    await page.close();
  });
});
