// Drives the Firecrawl JS SDK's default (v2) client through what issue 14 adds: batch scrape, extract, format objects
// (json from ExtractApi's extractor, summary, screenshot), the cache (maxAge), change tracking, parse and the team
// endpoints; plus the .v1 client's json format. Input (env): API_URL, TOKEN, SITE (the test site's base URL, ending in
// /), PDF (a PDF file's path). Output: one JSON object on stdout, each step's answer or {thrown, status}.
import { readFileSync } from "node:fs";
import Firecrawl from "@mendable/firecrawl-js";

const app = new Firecrawl({ apiKey: process.env.TOKEN, apiUrl: process.env.API_URL });
const site = process.env.SITE;
const out = {};
const attempt = async (name, call) => {
  try {
    out[name] = await call();
  } catch (error) {
    out[name] = { thrown: String(error.message), status: error.status ?? null, code: error.code ?? null };
  }
};
const schema = {
  type: "object",
  properties: { name: { type: "string" }, sku: { type: "string" }, price: { type: "number" } },
};
const setPrice = (price) => fetch(site + "changing?price=" + encodeURIComponent(price ?? ""), { method: "POST" });

// Batch scrape and its errors; extract (blocking) and a prompt-only extract.
await attempt("batch", () =>
  app.batchScrape([site + "pages/1", site + "product", site + "missing"], {
    options: { formats: ["markdown", { type: "json", schema }] },
    pollInterval: 1,
    timeout: 120,
  }));
if (out.batch?.id) await attempt("batchErrors", () => app.getBatchScrapeErrors(out.batch.id));
await attempt("started", () => app.startBatchScrape([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => site + "slow?ms=2000&i=" + i), { options: { formats: ["links"], maxAge: 0 } }));
if (out.started?.id) {
  await attempt("cancelled", () => app.cancelBatchScrape(out.started.id));
}
await attempt("extract", () => app.extract({ urls: [site + "product"], schema, showSources: true, pollInterval: 1, timeout: 120 }));
await attempt("extractUnknownKey", () => app.extract({ urls: [site + "product"], schema, enableWebSearch: true }));

// Scrape with a json format object: data.json from the page.
await attempt("scrapeJson", () => app.scrape(site + "product", { formats: ["markdown", { type: "json", schema }] }));
await attempt("summary", () => app.scrape(site + "product", { formats: ["summary"] }));
await attempt("screenshot", () => app.scrape(site + "product", { formats: [{ type: "screenshot", fullPage: true }] }));

// The cache: the second scrape within maxAge is served from the stored page; maxAge 0 fetches again.
await attempt("cacheFirst", () => app.scrape(site + "pages/3", { formats: ["markdown"], maxAge: 600000 }));
await attempt("cacheSecond", () => app.scrape(site + "pages/3", { formats: ["html"], maxAge: 600000 }));
await attempt("cacheBypassed", () => app.scrape(site + "pages/3", { formats: ["markdown"], maxAge: 0 }));

// Change tracking: new, same, changed (with a git diff and a json diff), removed; the page changes between scrapes.
const tracked = { formats: ["markdown", { type: "changeTracking", modes: ["git-diff", "json"], schema: { type: "object", properties: { price: { type: "number" } } } }], maxAge: 0 };
await setPrice("10.00");
await attempt("trackNew", () => app.scrape(site + "changing", tracked));
await attempt("trackSame", () => app.scrape(site + "changing", tracked));
await setPrice("12.50");
await attempt("trackChanged", () => app.scrape(site + "changing", tracked));
await setPrice(null);
await attempt("trackRemoved", () => app.scrape(site + "changing", tracked));
await setPrice("10.00");

// A crawl's pages get the json format too.
await attempt("crawlJson", () => app.crawl(site + "product", { limit: 1, sitemap: "skip", scrapeOptions: { formats: [{ type: "json", schema }] }, pollInterval: 1, timeout: 120 }));

// The .v1 client: the json format with jsonOptions, the extract format with extract.
await attempt("v1Json", () => app.v1.scrapeUrl(site + "product", { formats: ["json"], jsonOptions: { schema } }));
await attempt("v1Extract", () => app.v1.scrapeUrl(site + "product", { formats: ["markdown", "extract"], extract: { schema } }));

// parse: an uploaded PDF (text, and nothing with parsers: []), an HTML file with a json format; changeTracking is refused.
const pdf = readFileSync(process.env.PDF);
await attempt("parsePdf", () => app.parse({ data: pdf, filename: "report.pdf", contentType: "application/pdf" }, { formats: ["markdown"] }));
await attempt("parseNoPdf", () => app.parse({ data: pdf, filename: "report.pdf", contentType: "application/pdf" }, { formats: ["markdown"], parsers: [] }));
const html = "<html><head><title>Kettle</title></head><body><main><h1>Kettle K-200</h1><p>Price: 39.90 EUR</p></main></body></html>";
await attempt("parseHtml", () => app.parse({ data: html, filename: "kettle.html", contentType: "text/html" },
  { formats: ["markdown", { type: "json", schema: { type: "object", properties: { name: { type: "string" }, price: { type: "number" } } } }] }));
await attempt("parseBadOption", () => app.parse({ data: html, filename: "kettle.html", contentType: "text/html" }, { formats: ["markdown"], onlyMainContnt: true }));

// Account: credits counted from this organisation's jobs, queue and concurrency from the engine, tokens zero.
await attempt("credits", () => app.getCreditUsage());
await attempt("tokens", () => app.getTokenUsage());
await attempt("queue", () => app.getQueueStatus());
await attempt("concurrency", () => app.getConcurrency());
await attempt("v1Credits", () => app.v1.getCreditUsage());
await attempt("v1Queue", () => app.v1.getQueueStatus());

process.stdout.write(JSON.stringify(out));
