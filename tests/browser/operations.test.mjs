// Operations in the workspace: a Chinese chat about a refund lands with the
// online Chinese-speaking agent who handles refunds, who sees why; an agent
// sets their presence, chooses columns and sorts the inbox, escalates a
// ticket; a supervisor sets an agent's skills, writes an automation with the
// form's rows after a dry run, and gives a team its own business hours.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_AGENT, launchBrowser, newPage, screenshot, startServer, submitAndWait } from './server.mjs';

const DEMO_ADMIN = { email: 'admin@demo.marketdesk.dev', password: 'marketdesk-demo' };
const CHEN = { email: 'chen.jing@demo.marketdesk.dev', password: 'marketdesk-demo' };
const RANK = { low: 1, normal: 2, high: 3, urgent: 4 };

describe('operations', () => {
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

  async function signIn(who) {
    const page = await newPage(browser);
    await page.goto(`${server.url}/agent/login`);
    const login = page.locator('form#login');
    await login.locator('input[name="email"]').fill(who.email);
    await login.locator('input[name="password"]').fill(who.password);
    await submitAndWait(page, login.locator('button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/agent\/?$/, `${who.email} is signed in`);
    return page;
  }

  /// A chat over the chat page's JSON calls: start, then lines.
  async function chat(lang, lines) {
    const start = await fetch(`${server.url}/chat/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'e2e' },
      body: JSON.stringify({ language: lang }),
    });
    const cookie = start.headers.get('set-cookie').split(';')[0];
    let last = [];
    for (const text of lines) {
      const sent = await fetch(`${server.url}/chat/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'e2e', cookie },
        body: JSON.stringify({ text }),
      });
      last = (await sent.json()).messages;
    }
    return last.map((m) => m.body).join('\n');
  }

  test('a Chinese refund chat lands with the online Chinese agent who handles refunds', { timeout: 60_000 }, async () => {
    const reply = await chat('zh', ['我想申请退款', '我要人工客服', 'e2e.buyer@example.cn']);
    assert.match(reply, /陈静/, `the chat names the agent: ${reply}`);
    const reference = reply.match(/(MD-\d+)/)[1];
    const page = await signIn(CHEN);
    const mine = page.locator('#tickets tbody tr', { hasText: reference });
    await page.goto(`${server.url}/agent?view=mine`);
    await mine.first().waitFor();
    await mine.first().locator('a.ticket-link').click();
    await page.locator('#routed').waitFor();
    const why = await page.locator('#routed').innerText();
    assert.match(why, /zh/, why);
    assert.match(why, /get_refund/, why);
    await screenshot(page, 'agent-routed-ticket');
    await page.context().close();
  });

  test('an agent sets presence, chooses columns, sorts and escalates', { timeout: 60_000 }, async () => {
    const page = await signIn(DEMO_AGENT);
    const presence = page.locator('form#presence');
    assert.equal(await presence.locator('select[name="status"]').inputValue(), 'online');
    await presence.locator('select[name="status"]').selectOption('away');
    await submitAndWait(page, presence.locator('button[type="submit"]'));
    assert.equal(await page.locator('form#presence select[name="status"]').inputValue(), 'away');
    const me = await server.api('/api/v1/agents');
    assert.ok(me, 'the agents answer');

    await page.goto(`${server.url}/agent?view=all`);
    await page.locator('details#columns summary').click();
    await page.locator('details#columns input[value="assignee"]').check();
    await page.locator('details#columns input[value="channel"]').check();
    await submitAndWait(page, page.locator('details#columns button[type="submit"]'));
    const head = await page.locator('#tickets thead').innerText();
    assert.match(head, /assignee/i, head);
    assert.match(head, /channel/i, head);
    await submitAndWait(page, page.locator('#tickets thead a', { hasText: /priority/i }));
    assert.match(page.url(), /sort=-priority/);
    const badges = await page.locator('#tickets tbody tr td span.badge.low, #tickets tbody tr td span.badge.normal, #tickets tbody tr td span.badge.high, #tickets tbody tr td span.badge.urgent').evaluateAll(
      (spans) => spans.map((s) => [...s.classList].find((c) => ['low', 'normal', 'high', 'urgent'].includes(c))),
    );
    assert.ok(badges.length > 5, `priorities shown: ${badges}`);
    for (let i = 1; i < badges.length; i += 1) {
      assert.ok(RANK[badges[i - 1]] >= RANK[badges[i]], `sorted by priority: ${badges}`);
    }
    await screenshot(page, 'agent-inbox-sorted');

    // Escalate the first open ticket to the second line, with a note.
    await page.goto(`${server.url}/agent?view=open`);
    await page.locator('#tickets tbody tr a.ticket-link').first().click();
    await page.locator('details#escalation summary').click();
    const form = page.locator('form#escalate');
    if (await form.count()) {
      await form.locator('input[name="note"]').fill('The customer asks for more than my refund limit.');
      await submitAndWait(page, form.locator('button[type="submit"]'));
      const summary = await page.locator('details#escalation').innerText();
      assert.match(summary, /Second line|Supervisor/, summary);
      assert.match(summary, /more than my refund limit/, summary);
    }
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('a supervisor sets skills and dry-runs an automation', { timeout: 60_000 }, async () => {
    const page = await signIn(DEMO_ADMIN);
    await page.goto(`${server.url}/agent/admin/routing`);
    const row = page.locator('#agents-routing tr', { hasText: 'Tom Becker' });
    const form = row.locator('form.agent-routing');
    await form.locator('input[name="skills"]').fill('language:en:3 language:es:2 topic:get_refund:3');
    await form.locator('input[name="chat"]').fill('2');
    await submitAndWait(page, form.locator('button[type="submit"]'));
    const saved = page.locator('#agents-routing tr', { hasText: 'Tom Becker' }).locator('input[name="skills"]');
    assert.match(await saved.inputValue(), /language:es:2/);
    await screenshot(page, 'admin-routing');

    await page.goto(`${server.url}/agent/admin/rules`);
    assert.match(await page.locator('#rules').innerText(), /Remind after 3 days pending/);
    // An automation written with the form's rows, dry-run first.
    const builder = page.locator('form#rule-builder');
    await builder.locator('input[name="name"]').fill('Nudge after 2 days pending');
    await builder.locator('select[name="kind"]').selectOption('automation');
    await builder.locator('select[name="c0_field"]').selectOption('status');
    await builder.locator('select[name="c0_op"]').selectOption('is');
    await builder.locator('input[name="c0_value"]').fill('pending');
    await builder.locator('select[name="c1_field"]').selectOption('hours_in_status');
    await builder.locator('select[name="c1_op"]').selectOption('at_least');
    await builder.locator('input[name="c1_value"]').fill('48');
    // Without this the automation would act again on its own change: refused.
    await builder.locator('select[name="c2_field"]').selectOption('tags');
    await builder.locator('select[name="c2_op"]').selectOption('not_contains');
    await builder.locator('input[name="c2_value"]').fill('nudged');
    await builder.locator('select[name="a0_action"]').selectOption('add_tags');
    await builder.locator('input[name="a0_value"]').fill('nudged');
    await submitAndWait(page, builder.locator('button[value="build_dry_run"]'));
    const refused = page.locator('#rule-error');
    if (await refused.count()) assert.fail(`the dry run was refused: ${await refused.innerText()}`);
    await page.locator('#dry-run').waitFor();
    assert.match(await page.locator('#dry-run').innerText(), /\d+ \/ \d+/);
    assert.equal(await page.locator('form#rule-builder input[name="c1_value"]').inputValue(), '48');
    await screenshot(page, 'admin-rules');
    await submitAndWait(page, page.locator('form#rule-builder button[value="build_save"]'));
    assert.match(await page.locator('#rules').innerText(), /Nudge after 2 days pending/);
    // A looping trigger in the JSON editor is refused with the reason, nothing saved.
    await page.locator('details#rule-json summary').click();
    const editor = page.locator('form#rule-form');
    await editor.locator('textarea[name="rule"]').fill(JSON.stringify({
      name: 'Loop', kind: 'trigger', events: ['updated'],
      conditions: { all: [{ field: 'status', op: 'is', value: 'open' }] },
      actions: [{ action: 'add_tags', tags: ['vip'] }],
    }));
    await submitAndWait(page, page.locator('form#rule-form button[value="save"]'));
    assert.match(await page.locator('#rule-error').innerText(), /fire again/);
    assert.doesNotMatch(await page.locator('#rules').innerText(), /Loop/);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('a supervisor gives a team its own hours and the contact page shows them', { timeout: 60_000 }, async () => {
    const page = await signIn(DEMO_ADMIN);
    await page.goto(`${server.url}/agent/admin/schedules`);
    assert.match(await page.locator('#schedules').innerText(), /Chinese support/);
    const form = page.locator('form#schedule-form');
    await form.locator('input[name="name"]').fill('Logistics · night desk');
    await form.locator('input[name="time_zone"]').fill('America/Mexico_City');
    for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']) {
      await form.locator(`input[name="${day}"]`).fill('08:00-12:00, 12:00-13:00');
    }
    await form.locator('input[name="saturday"]').fill('');
    await form.locator('textarea[name="holidays"]').fill('2026-12-25 Navidad');
    await form.locator('label', { hasText: 'Logistics' }).locator('input[type="checkbox"]').check();
    // Touching spans are fine; overlapping ones are refused, the form kept.
    await form.locator('input[name="monday"]').fill('08:00-12:00, 11:00-13:00');
    await submitAndWait(page, form.locator('button[type="submit"]'));
    assert.match(await page.locator('#schedule-error').innerText(), /overlap/);
    assert.equal(await page.locator('form#schedule-form input[name="time_zone"]').inputValue(), 'America/Mexico_City');
    await page.locator('form#schedule-form input[name="monday"]').fill('08:00-13:00');
    await submitAndWait(page, page.locator('form#schedule-form button[type="submit"]'));
    const row = page.locator('#schedules tr', { hasText: 'Logistics · night desk' });
    assert.match(await row.innerText(), /America\/Mexico_City/);
    assert.match(await row.innerText(), /Logistics/);
    await screenshot(page, 'admin-schedules');

    await page.goto(`${server.url}/contact?lang=es`);
    const teams = await page.locator('#team-hours').innerText();
    assert.match(teams, /Logistics · night desk \(America\/Mexico_City\)/, teams);
    assert.match(teams, /Chinese support \(Asia\/Shanghai\)/, teams);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
});
