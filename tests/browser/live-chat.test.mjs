// Live chat in two browsers: a customer asks for a person in Spanish and
// sees their place in the queue; an agent accepts the chat in the live
// console; both see each other type and each other's lines as they are
// sent — no reload on either side, every line once.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, launchBrowser, newPage, screenshot, startServer } from './server.mjs';

describe('live chat console', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Nobody online: the chat waits in the queue for someone to accept it.
    const agents = await server.api('/api/v1/agents?limit=100');
    for (const agent of agents.items) {
      const res = await fetch(`${server.url}/api/v1/agents/${agent.id}/presence`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'offline' }),
      });
      assert.ok(res.ok || res.status === 422, `presence of ${agent.email}: ${res.status}`);
    }
    // Ana has room for the chat whatever the demo routed to her at start
    // (during the demo teams' hours the router may fill her capacity).
    const ana = agents.items.find((a) => a.email === DEMO_AGENT.email);
    const room = await fetch(`${server.url}/api/v1/agents/${ana.id}/routing`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ capacity: { chat: 20 } }),
    });
    assert.ok(room.ok, `Ana's capacity: ${room.status} ${await room.text()}`);
  }, { timeout: 60_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function say(page, text) {
    const before = await page.locator('#chat-log .chat-line').count();
    await page.locator('#chat-input').fill(text);
    await page.locator('#chat-form button[type="submit"]').click();
    await page.locator('#chat-log .chat-line').nth(before + 1).waitFor();
    return (await page.locator('#chat-log .chat-line').last().textContent()) || '';
  }

  test('a customer and an agent chat live, with typing and the queue', { timeout: 120_000 }, async () => {
    const customer = await newPage(browser);
    await customer.goto(`${server.url}/chat?lang=es`);
    await customer.locator('#chat-log .chat-line.assistant').first().waitFor();
    await customer.evaluate(() => { window.stillHere = true; });
    // Nobody online: the page offers a message by email beside the chat.
    await customer.locator('#offline').waitFor({ state: 'visible' });
    assert.match(await customer.locator('#offline h2').innerText(), /no hay nadie/i);
    assert.match(await say(customer, 'Quiero hablar con una persona'), /correo/);
    const handed = await say(customer, 'lucia.directo@example.com');
    const reference = handed.match(/MD-\d+/)[0];
    const status = customer.locator('#chat-status');
    await status.filter({ hasText: /Eres el número \d+ de la cola/ }).waitFor({ timeout: 15_000 });

    const agent = await newPage(browser);
    await agent.goto(`${server.url}/agent/login?lang=es`);
    await agent.locator('input[name="email"]').fill(DEMO_AGENT.email);
    await agent.locator('input[name="password"]').fill(DEMO_AGENT.password);
    await Promise.all([agent.waitForURL(/\/agent$/), agent.locator('form#login button[type="submit"]').click()]);
    await agent.goto(`${server.url}/agent/chats`);
    await agent.evaluate(() => { window.stillHere = true; });
    const waiting = agent.locator('#waiting li', { hasText: reference });
    await waiting.waitFor({ timeout: 15_000 });
    await waiting.locator('button.accept').click();
    // Accepted: out of the waiting list into the agent's own, and the
    // customer sees who answers. A refusal shows in the console's error.
    const mine = agent.locator('#mine li', { hasText: reference });
    const refused = agent.locator('#console-error');
    await mine.or(refused.filter({ visible: true })).first().waitFor({ timeout: 20_000 });
    assert.equal(await refused.isVisible(), false, `accepting was refused: ${await refused.innerText()}`);
    assert.equal(await agent.locator('#waiting li', { hasText: reference }).count(), 0);
    await status.filter({ hasText: 'Estás hablando con Ana' }).waitFor({ timeout: 15_000 });
    // The conversation so far is in the console.
    await agent.locator('#console-log .chat-line', { hasText: 'Quiero hablar con una persona' }).waitFor();

    // The agent types: the customer sees it; then the line arrives.
    await agent.locator('#console-input').pressSequentially('Hola Lucía, soy Ana', { delay: 30 });
    await customer.locator('#agent-typing', { hasText: 'está escribiendo' }).waitFor({ state: 'visible', timeout: 10_000 });
    await agent.locator('#console-form button[type="submit"]').click();
    await customer.locator('#chat-log .chat-line.agent', { hasText: 'Hola Lucía, soy Ana' }).waitFor({ timeout: 10_000 });

    // The customer types: the agent sees it; then the answer arrives.
    await customer.locator('#chat-input').pressSequentially('Gracias, es sobre mi pedido', { delay: 30 });
    await agent.locator('#customer-typing').waitFor({ state: 'visible', timeout: 10_000 });
    await customer.locator('#chat-form button[type="submit"]').click();
    await agent.locator('#console-log .chat-line', { hasText: 'Gracias, es sobre mi pedido' }).waitFor({ timeout: 10_000 });

    // A photo from the customer reaches the console as a file link.
    await customer.locator('#chat-file').setInputFiles({ name: 'talla.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
    await agent.locator('#console-log a.file-link', { hasText: 'talla.png' }).waitFor({ timeout: 10_000 });

    // Each line once, and neither page was reloaded.
    assert.equal(await customer.locator('#chat-log .chat-line.agent', { hasText: 'Hola Lucía, soy Ana' }).count(), 1);
    assert.equal(await agent.locator('#console-log .chat-line', { hasText: 'Hola Lucía, soy Ana' }).count(), 1);
    assert.equal(await customer.evaluate(() => window.stillHere), true);
    assert.equal(await agent.evaluate(() => window.stillHere), true);
    await screenshot(agent, 'agent-live-chat');
    await screenshot(customer, 'chat-live-agent');
    assert.deepEqual(agent.pageErrors, []);
    await agent.close();
    await customer.close();
  });
});
