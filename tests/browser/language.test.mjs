// The portal's language switcher: Chinese and Spanish, remembered across pages.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, pageTextWithoutSwitcher, screenshot, startServer } from './server.mjs';

const CJK = /[\u4e00-\u9fff]/;

describe('portal languages', () => {
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

  const htmlLang = (page) => page.locator('html').getAttribute('lang');

  async function switchTo(page, hreflang) {
    const link = page.locator(`nav#languages a[hreflang="${hreflang}"]`);
    assert.equal(await link.count(), 1, `nav#languages has one a[hreflang="${hreflang}"]`);
    await Promise.all([page.waitForEvent('load'), link.click()]);
  }

  test('switches the help home to Chinese and remembers it', { timeout: 30_000 }, async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/?lang=en`);
    assert.match((await htmlLang(page)) ?? '', /^en\b/, 'English first');
    for (const l of ['en', 'zh-CN', 'es']) {
      assert.equal(await page.locator(`nav#languages a[hreflang="${l}"]`).count(), 1, `switcher offers ${l}`);
    }
    const english = await pageTextWithoutSwitcher(page);
    assert.doesNotMatch(english, CJK, 'the English page has no Chinese outside the switcher');

    await switchTo(page, 'zh-CN');
    assert.match((await htmlLang(page)) ?? '', /^zh/, 'html[lang] is Chinese');
    assert.match(await pageTextWithoutSwitcher(page), CJK, 'the page text is Chinese');
    await screenshot(page, 'portal-zh');

    // The choice is remembered (cookie): another page without ?lang= stays Chinese.
    await page.goto(`${server.url}/orders/lookup`);
    assert.match((await htmlLang(page)) ?? '', /^zh/, 'the lookup page is Chinese too');
    assert.match(await pageTextWithoutSwitcher(page), CJK, 'the lookup page text is Chinese');
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('switches to Spanish and back to English', { timeout: 30_000 }, async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/?lang=en`);
    const englishLink = (await page.locator('a#order-lookup-link').innerText()).trim();

    await switchTo(page, 'es');
    assert.match((await htmlLang(page)) ?? '', /^es/, 'html[lang] is Spanish');
    const spanish = await pageTextWithoutSwitcher(page);
    assert.doesNotMatch(spanish, CJK, 'no Chinese on the Spanish page');
    const spanishLink = (await page.locator('a#order-lookup-link').innerText()).trim();
    assert.notEqual(spanishLink, englishLink, 'the order lookup link is translated');

    await page.goto(`${server.url}/orders/lookup`);
    assert.match((await htmlLang(page)) ?? '', /^es/, 'the lookup page is Spanish too');

    await page.goto(`${server.url}/`);
    assert.match((await htmlLang(page)) ?? '', /^es/, 'the home stays Spanish');
    await switchTo(page, 'en');
    assert.match((await htmlLang(page)) ?? '', /^en/, 'back to English');
    await page.goto(`${server.url}/`);
    assert.match((await htmlLang(page)) ?? '', /^en/, 'English is remembered');
    assert.equal((await page.locator('a#order-lookup-link').innerText()).trim(), englishLink);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });

  test('?lang= works without the switcher', { timeout: 30_000 }, async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/?lang=zh-CN`);
    assert.match((await htmlLang(page)) ?? '', /^zh/);
    await page.goto(`${server.url}/orders/lookup?lang=es`);
    assert.match((await htmlLang(page)) ?? '', /^es/);
    await page.context().close();
  });
});
