// Opens the operators' dashboard in headless Chromium, signs in with an admin token, finds a pending job, cancels
// it, retries a failed one, and keeps a screenshot. Input (env): BASE_URL, TOKEN, JOB_ID, FAILED_ID, SCREENSHOT.
// Output: JSON on stdout.
import { chromium } from "playwright-core";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const out = { requests: [], consoleErrors: [] };
const rowStatus = (page, id) => page.locator(`#jobs tr[data-job="${id}"] .status`).innerText();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("request", (request) => out.requests.push(request.url()));
  page.on("console", (message) => { if (message.type() === "error") out.consoleErrors.push(message.text()); });
  await page.goto(`${process.env.BASE_URL}/dashboard`);
  out.title = await page.title();
  await page.fill("#token", process.env.TOKEN);
  await page.click("#login button");
  const row = page.locator(`#jobs tr[data-job="${process.env.JOB_ID}"]`);
  await row.waitFor({ timeout: 30000 });
  out.statusBefore = await rowStatus(page, process.env.JOB_ID);
  out.depthPending = await page.locator('#depth tr[data-kind="batch_scrape"] td[data-status="pending"]').innerText();
  out.chartBars = await page.locator("#chart rect").count();

  await row.click();
  await page.locator("#detail-id", { hasText: process.env.JOB_ID }).waitFor({ timeout: 30000 });
  out.requestShown = await page.locator("#request").innerText();
  await page.click("#cancel");
  await page.waitForFunction((id) => document.querySelector(`#jobs tr[data-job="${id}"] .status`)?.textContent === "cancelled",
    process.env.JOB_ID, { timeout: 30000 });
  out.statusAfterCancel = await rowStatus(page, process.env.JOB_ID);

  await page.locator(`#jobs tr[data-job="${process.env.FAILED_ID}"]`).click();
  await page.locator("#detail-id", { hasText: process.env.FAILED_ID }).waitFor({ timeout: 30000 });
  out.failedError = await page.locator("#facts").innerText();
  await page.click("#retry");
  await page.waitForFunction((id) => document.querySelector(`#jobs tr[data-job="${id}"] .status`)?.textContent === "pending",
    process.env.FAILED_ID, { timeout: 30000 });
  out.statusAfterRetry = await rowStatus(page, process.env.FAILED_ID);

  // The filter: only cancelled jobs.
  await page.selectOption('#filters select[name="status"]', "cancelled");
  await page.waitForFunction((id) => document.querySelectorAll("#jobs tbody tr").length === 1
    && document.querySelector(`#jobs tr[data-job="${id}"]`), process.env.JOB_ID, { timeout: 30000 });
  out.filteredRows = await page.locator("#jobs tbody tr").count();
  await page.selectOption('#filters select[name="status"]', "");
  await page.locator(`#jobs tr[data-job="${process.env.JOB_ID}"]`).click();
  await page.locator("#detail-id", { hasText: process.env.JOB_ID }).waitFor({ timeout: 30000 });
  await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
