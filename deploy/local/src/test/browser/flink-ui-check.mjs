// Opens the Flink web UI in headless Chromium, finds a running job by name, opens one of its
// operators, adds one of the job's own metrics for every subtask, reads the values as the UI shows
// them, and saves a full-page screenshot.
//
//   node flink-ui-check.mjs --url http://localhost:8081 --job "Chuanliu routing" \
//       --operator "Brand budgets and pacing" --metric numDecisions --screenshot flink-ui.png
//
// Prints one JSON line: {"job_id": .., "operator": .., "metric": .., "values": {"0.<op>.<metric>": n, ..}, "sum": n}.
// Exits 1 with a message naming the step that failed.
import { chromium } from 'playwright-core';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

function options(argv) {
  const wanted = ['url', 'job', 'operator', 'metric', 'screenshot'];
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    parsed[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  const missing = wanted.filter((name) => !parsed[name]);
  if (missing.length > 0) {
    throw new Error(`missing option(s): ${missing.map((m) => '--' + m).join(', ')}`);
  }
  return parsed;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function step(name, action) {
  try {
    return await action();
  } catch (error) {
    throw new Error(`${name}: ${error.message.split('\n')[0]}`);
  }
}

async function addMetric(page, metricId) {
  await page.locator('flink-job-overview-drawer-chart nz-select').first().click();
  await page.keyboard.type(metricId);
  await page.locator('nz-option-item').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(metricId)}\\s*$`) }).first().click();
  const chart = page.locator('flink-job-chart').filter({ has: page.locator(`.title .text[title="${metricId}"]`) });
  await chart.getByText('Numeric', { exact: true }).click();
  const numeric = chart.locator('.numeric');
  await numeric.filter({ hasText: /\d/ }).waitFor({ timeout: 20_000 });
  return Number((await numeric.textContent()).trim());
}

async function main() {
  const o = options(process.argv.slice(2));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    page.setDefaultTimeout(30_000);
    await step('open the overview', () => page.goto(`${o.url}/#/overview`));
    await step(`find the running job "${o.job}"`, () => page.getByText(o.job, { exact: true }).first().click());
    const jobId = await step('read the job id', async () => {
      await page.waitForURL(/#\/job\/running\/[0-9a-f]{32}/);
      return page.url().match(/[0-9a-f]{32}/)[0];
    });
    await step(`open the operator "${o.operator}"`, () =>
      page.getByText(new RegExp(`^\\s*${escapeRegExp(o.operator)}`)).first().click());
    await step('open the Metrics tab', () => page.getByText('Metrics', { exact: true }).first().click());
    const metricIds = await step(`list the subtasks' "${o.metric}"`, async () => {
      await page.locator('flink-job-overview-drawer-chart nz-select').first().click();
      await page.keyboard.type(o.metric);
      const pattern = new RegExp(`^\\s*\\d+\\.[^.]+\\.${escapeRegExp(o.metric)}\\s*$`);
      const items = page.locator('nz-option-item').filter({ hasText: pattern });
      await items.first().waitFor();
      const ids = (await items.allTextContents()).map((t) => t.trim());
      await page.keyboard.press('Escape');
      return ids;
    });
    const values = {};
    for (const id of metricIds) {
      values[id] = await step(`show ${id}`, () => addMetric(page, id));
    }
    await step('save the screenshot', () => page.screenshot({ path: o.screenshot, fullPage: true }));
    const sum = Object.values(values).reduce((a, b) => a + b, 0);
    console.log(JSON.stringify({ job_id: jobId, operator: o.operator, metric: o.metric, values, sum }));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`Flink UI check failed: ${error.message}`);
  process.exit(1);
});
