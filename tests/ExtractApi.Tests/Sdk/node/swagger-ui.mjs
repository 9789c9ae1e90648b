// Opens Swagger UI in headless Chromium, authorizes with a bearer token, runs "Try it out" on a poll endpoint and
// keeps a screenshot. Input (env): BASE_URL, TOKEN, JOB_ID, SCREENSHOT. Output: JSON on stdout.
import { chromium } from "playwright-core";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const out = {};
try {
  const page = await browser.newPage();
  await page.goto(`${process.env.BASE_URL}/swagger/index.html`);
  await page.waitForSelector(".opblock-tag", { timeout: 30000 });
  out.title = await page.title();
  out.tags = await page.$$eval(".opblock-tag", (tags) => tags.map((t) => t.getAttribute("data-tag")));

  await page.click("button.authorize");
  await page.fill(".modal-ux input[type=text]", process.env.TOKEN);
  await page.click(".modal-ux button.authorize");
  await page.click(".modal-ux button.btn-done");

  const operation = page.locator("#operations-Firecrawl_v1-FirecrawlBatchScrapeStatus");
  await operation.locator(".opblock-summary").click();
  await operation.locator("button.try-out__btn").click();
  await operation.locator("input[placeholder='id']").fill(process.env.JOB_ID);
  await operation.locator("button.execute").click();
  await operation.locator(".live-responses-table tbody .response-col_status").first().waitFor({ timeout: 30000 });
  out.status = (await operation.locator(".live-responses-table tbody .response-col_status").first().innerText()).trim();
  out.body = await operation.locator(".live-responses-table .microlight").first().innerText();
  await operation.locator(".live-responses-table tbody").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: process.env.SCREENSHOT, fullPage: false });
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
