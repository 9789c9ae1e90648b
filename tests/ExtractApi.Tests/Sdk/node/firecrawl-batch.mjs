// Drives the official Firecrawl JS SDK (its .v1 client) against ExtractApi, the way existing client code does.
// Input (env): API_URL, TOKEN, URLS (JSON array). Output: one JSON object on stdout with what the SDK returned.
import Firecrawl from "@mendable/firecrawl-js";

const app = new Firecrawl({ apiKey: process.env.TOKEN, apiUrl: process.env.API_URL });
const v1 = app.v1;
const urls = JSON.parse(process.env.URLS);
const out = {};

// The blocking call: create, then poll /v1/crawl/{id} until completed, following `next`.
const blocking = await v1.batchScrapeUrls(urls, { formats: ["markdown", "html", "links"] }, 1);
out.blocking = blocking;

// The async pair: create, then check status (with all pages gathered).
const started = await v1.asyncBatchScrapeUrls(urls, { formats: ["markdown"] }, "sdk-idempotency-" + process.pid);
out.started = started;
let status;
for (let i = 0; i < 60; i++) {
  status = await v1.checkBatchScrapeStatus(started.id, true);
  if (status.status === "completed") break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
out.checked = status;
const again = await v1.asyncBatchScrapeUrls(urls, { formats: ["markdown"] }, "sdk-idempotency-" + process.pid);
out.idempotent = again.id === started.id;

// Errors come back as thrown errors carrying the server's message.
try {
  await v1.checkBatchScrapeStatus("00000000-0000-4000-8000-000000000000");
  out.unknown = "no error";
} catch (error) {
  out.unknown = String(error.message);
}

// Cancel a fresh batch of slow pages (the v1 client cancels through DELETE /v1/crawl/{id}).
const toCancel = await v1.asyncBatchScrapeUrls(JSON.parse(process.env.SLOW_URLS), { formats: ["markdown"] });
out.cancelled = await v1.cancelCrawl(toCancel.id);
out.afterCancel = (await v1.checkBatchScrapeStatus(toCancel.id)).status;

process.stdout.write(JSON.stringify(out));
