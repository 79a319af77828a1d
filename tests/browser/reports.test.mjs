// The reports dashboard as its users meet it: a supervisor opens last
// week's first reply time by team with the week before beside it, clicks a
// bar and gets its tickets, exports them as CSV; the page reads in Chinese
// and Spanish; an agent sees only their own figures.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, launchBrowser, newPage, screenshot, startServer } from './server.mjs';

const SUPERVISOR = { email: 'priya.shah@demo.marketdesk.dev', password: 'marketdesk-demo' };

describe('reports dashboard', () => {
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

  async function signIn(who, lang = 'en') {
    const page = await newPage(browser);
    await page.goto(`${server.url}/agent/login?lang=${lang}`);
    await page.locator('input[name="email"]').fill(who.email);
    await page.locator('input[name="password"]').fill(who.password);
    await Promise.all([page.waitForURL(/\/agent$/), page.locator('form#login button[type="submit"]').click()]);
    return page;
  }

  test('a supervisor compares last week by team, drills into a bar and exports it', { timeout: 90_000 }, async () => {
    const page = await signIn(SUPERVISOR);
    await page.goto(`${server.url}/agent/reports?lang=en`);
    await Promise.all([page.waitForURL(/from=/), page.getByRole('link', { name: 'Last week' }).click()]);
    assert.match(await page.locator('#report-period').innerText(), /compared with/);
    const firstReply = page.locator('#report-cards a.kpi', { hasText: 'First reply time' });
    assert.match(await firstReply.innerText(), /before:/);
    // The first reply time by team: this week's bar and last week's beneath it.
    const bars = page.locator('#report-bars svg a');
    assert.ok((await bars.count()) > 0, 'bars of teams');
    assert.ok((await page.locator('#report-bars svg rect.series-b').count()) > 0, 'the previous week drawn');
    await screenshot(page, 'reports-dashboard');
    const href = await bars.first().getAttribute('href');
    assert.match(href, /figure=first_reply/);
    await page.goto(`${server.url}${href}`);
    const rows = page.locator('#report-tickets tbody tr');
    assert.ok((await rows.count()) > 0, 'the tickets behind the bar');
    assert.match(await page.locator('#report-tickets-count').innerText(), /tickets?,/);
    const csvHref = await page.locator('#report-tickets-csv').getAttribute('href');
    const csv = await page.request.get(`${server.url}${csvHref}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    assert.equal(lines.length, (await rows.count()) + 1);
    assert.match(lines[1], /^MD-\d+/);
    // A ticket of the list opens.
    await Promise.all([page.waitForURL(/\/agent\/tickets\/\d+/), rows.first().locator('a').first().click()]);
  });

  test('the dashboard reads in Chinese and Spanish, charts included', { timeout: 60_000 }, async () => {
    const page = await signIn(SUPERVISOR, 'zh');
    await page.goto(`${server.url}/agent/reports?lang=zh`);
    assert.equal(await page.locator('h1').innerText(), '报表');
    assert.match(await page.locator('#report-cards').innerText(), /首次回复时间/);
    assert.match(await page.locator('svg.chart title').first().textContent(), /每日新建与已解决/);
    await page.goto(`${server.url}/agent/reports?lang=es&group=channel`);
    assert.equal(await page.locator('h1').innerText(), 'Informes');
    assert.match(await page.locator('#report-table thead').innerText(), /canal/i);
    const csv = await page.request.get(`${server.url}${await page.locator('#report-csv').getAttribute('href')}`);
    assert.match((await csv.text()).split('\n')[0], /^period,group,label,created,solved/);
  });

  test('an agent sees their own figures only', { timeout: 60_000 }, async () => {
    const page = await signIn(DEMO_AGENT);
    await page.goto(`${server.url}/agent/reports?lang=en`);
    assert.equal(await page.locator('h1').innerText(), 'My figures');
    await page.goto(`${server.url}/agent/reports?agent=1&lang=en`);
    assert.match(await page.locator('p.error').innerText(), /not allow/i);
  });
});
