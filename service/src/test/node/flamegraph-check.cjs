// Opens flame graph SVG files in Chromium (driven by playwright-core) and reports what the browser shows, as JSON
// on stdout; FlameGraphBrowserTest compares it with what it computed from the stacks. One browser for all pages.
//   node flamegraph-check.cjs PLAN.json    PLAN: [{file, click, substring, regex}], click a frame name unique in the file
//   node flamegraph-check.cjs --time FILE   load, zoom and search times of one file, in milliseconds
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const HIGHLIGHT = 'rgb(230, 0, 230)';

async function frames(page) {
  return page.$$eval('#frames > g', (gs, highlight) => gs.map((g) => {
    const rect = g.querySelector('rect');
    return {
      name: g.querySelector('title').textContent.split('\n')[0],
      width: rect.getBoundingClientRect().width,
      shown: getComputedStyle(g).display !== 'none',
      highlighted: getComputedStyle(rect).fill === highlight,
    };
  }), HIGHLIGHT);
}

function frameRect(page, index) {
  return page.locator('#frames > g').nth(index).locator('rect');
}

async function indexOf(page, name) {
  const index = (await frames(page)).findIndex((f) => f.name === name);
  if (index < 0) {
    throw new Error('no frame named ' + name);
  }
  return index;
}

// answers the search prompt with the term, then waits until the script has written the result
async function search(page, term, open) {
  page.once('dialog', (dialog) => dialog.accept(term));
  await open();
  await page.waitForFunction(() => document.getElementById('matched').textContent.startsWith('Matched'));
  const result = { matched: await page.textContent('#matched'), highlighted: (await frames(page)).filter((f) => f.highlighted).map((f) => f.name) };
  await page.click('#reset-search');
  await page.waitForFunction(() => document.getElementById('matched').textContent.trim() === '');
  return result;
}

// the horizontal extent of the heading, controls and footer lines: a line too long runs off the picture
function lines(page) {
  return page.$$eval('svg > text:not(.h)', (texts) => texts.map((t) => {
    const box = t.getBoundingClientRect();
    return { text: t.textContent, left: box.left, right: box.right };
  }));
}

async function check(page, item) {
  await page.goto('file://' + item.file);
  const headings = await lines(page);
  const before = await frames(page);
  const clicked = await indexOf(page, item.click);
  const rect = frameRect(page, clicked);
  await rect.hover();
  const details = await page.textContent('#details');
  await rect.click();
  await page.waitForSelector('#reset-zoom:not(.h)');
  const zoomed = await frames(page);
  await page.click('#reset-zoom');
  await page.waitForSelector('#reset-zoom.h', { state: 'attached' });
  const reset = await frames(page);
  const bySubstring = await search(page, item.substring, () => page.click('#search'));
  const byRegex = await search(page, item.regex, () => page.keyboard.press('Control+f'));
  return { file: item.file, headings, clicked, details, before, zoomed, reset, bySubstring, byRegex };
}

// each interaction is timed in the page: the handler runs inside dispatchEvent, then a forced layout
async function time(page, file) {
  const start = Date.now();
  await page.goto('file://' + file, { waitUntil: 'load' });
  await page.evaluate(() => document.querySelector('#frames > g rect').getBoundingClientRect().width);
  const loadMs = Date.now() - start;
  const inPage = await page.evaluate(() => {
    function timed(element) {
      const t0 = performance.now();
      element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      document.documentElement.getBoundingClientRect();
      return Math.round(performance.now() - t0);
    }
    const gs = document.querySelectorAll('#frames > g');
    const zoomMs = timed(gs[1].querySelector('rect'));
    const resetMs = timed(document.getElementById('reset-zoom'));
    window.prompt = () => '/a/';
    const searchMs = timed(document.getElementById('search'));
    return { frames: gs.length, zoomMs, resetMs, searchMs, matched: document.getElementById('matched').textContent };
  });
  return Object.assign({ file, bytes: fs.statSync(file).size, loadMs }, inPage);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    let out;
    if (process.argv[2] === '--time') {
      out = await time(page, process.argv[3]);
    } else {
      out = [];
      for (const item of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) {
        out.push(await check(page, item));
      }
    }
    process.stdout.write(JSON.stringify(out));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
