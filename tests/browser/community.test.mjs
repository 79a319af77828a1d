// The community forum with the demo, in Chromium: an agent posts a warning
// about a scam and pins it as a scam alert, which heads the forum for a
// Spanish shopper; a reply asking to pay outside the marketplace, which
// shoppers reported, is hidden by a moderator from the moderators' queue
// and a Chinese reader sees it hidden; search finds a thread by its words.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

describe('community forum', () => {
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

  async function agentPage() {
    const page = await newPage(browser);
    await page.goto(`${server.url}/agent/login?lang=en`);
    await page.locator('input[name="email"]').fill(DEMO_AGENT.email);
    await page.locator('input[name="password"]').fill(DEMO_AGENT.password);
    await Promise.all([page.waitForURL(/\/agent$/), page.locator('form#login button[type="submit"]').click()]);
    return page;
  }

  test('a scam warning is pinned and a reported reply is hidden by a moderator', { timeout: 120_000 }, async () => {
    // An agent warns about a scam and pins the thread as a scam alert.
    const agent = await agentPage();
    await agent.goto(`${server.url}/community/new?category=safety&lang=en`);
    const form = agent.locator('form#community-new-thread');
    await form.locator('input[name="title"]').fill('Fake "payment pending" emails asking for your card');
    await form.locator('textarea[name="body"]').fill('Emails that look like ours say a payment is pending and ask for your card details. We never ask for them by email: delete the email and report it.');
    await form.locator('input[name="tags"]').fill('scam, phishing');
    await submitAndWait(agent, form.locator('button[type="submit"]'));
    assert.match(agent.url(), /\/community\/t\/\d+/);
    const threadUrl = agent.url().replace(/[?#].*$/, '');
    await submitAndWait(agent, agent.locator('#thread-action-scam_alert'));
    assert.match(await agent.locator('#thread-flags').innerText(), /Scam alert/);

    // A Spanish shopper sees the alert on top, named in Spanish.
    const shopper = await newPage(browser, { locale: 'es-ES' });
    await shopper.goto(`${server.url}/community?lang=es`);
    const alert = shopper.locator('article.scam-alert').first();
    assert.match(await alert.innerText(), /Alerta de estafa/);
    assert.match(await alert.innerText(), /payment pending/);
    assert.match(await shopper.locator('#community-categories').innerText(), /Pagos y seguridad/);
    await screenshot(shopper, 'community-es');
    // Search goes through the help center's engine.
    await shopper.locator('form#community-search input[name="q"]').fill('reembolso tarjeta');
    await submitAndWait(shopper, shopper.locator('form#community-search button[type="submit"]'));
    assert.match(await shopper.locator('#community-threads').innerText(), /reembolso/);

    // The reported reply waits in the moderators' queue; a moderator takes it down.
    await agent.goto(`${server.url}/agent/community?lang=en`);
    const reported = agent.locator('#community-reported tr', { hasText: 'pay-fast-88' });
    assert.match(await reported.innerText(), /2 reports/);
    const link = await reported.locator('a').first().getAttribute('href');
    await submitAndWait(agent, reported.locator('button', { hasText: 'Take down' }));
    assert.equal(await agent.locator('#community-reported tr', { hasText: 'pay-fast-88' }).count(), 0);
    assert.match(await agent.locator('#community-hidden').innerText(), /pay-fast-88/);
    await screenshot(agent, 'community-moderation');

    // A Chinese reader sees the reply hidden, the rest of the thread intact.
    const reader = await newPage(browser, { locale: 'zh-CN' });
    await reader.goto(`${server.url}${link.replace(/#.*$/, '')}?lang=zh`);
    const posts = await reader.locator('#thread-posts').innerText();
    assert.doesNotMatch(posts, /pay-fast-88/);
    assert.match(posts, /此帖子已被版主隐藏/);
    assert.match(posts, /No lo hagas/);

    // The alert stays pinned for everyone; its thread reads in any language.
    await reader.goto(`${threadUrl}?lang=zh`);
    assert.match(await reader.locator('#thread-flags').innerText(), /诈骗警告/);
    assert.deepEqual(agent.pageErrors, []);
    assert.deepEqual(shopper.pageErrors, []);
  });
});
