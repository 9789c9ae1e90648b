// Drives the official Firecrawl JS SDK's scrape, crawl and map calls against ExtractApi: the default (v2) client and
// its .v1 client, as existing client code calls them.
// Input (env): API_URL, TOKEN, SITE (the test site's base URL, ending in /). Output: one JSON object on stdout.
import Firecrawl from "@mendable/firecrawl-js";

const app = new Firecrawl({ apiKey: process.env.TOKEN, apiUrl: process.env.API_URL });
const v1 = app.v1;
const site = process.env.SITE;
const out = {};
const attempt = async (name, call) => {
  try {
    out[name] = await call();
  } catch (error) {
    out[name] = { thrown: String(error.message) };
  }
};

// v2: scrape, blocking crawl, start + status + cancel, map.
await attempt("scrape", () => app.scrape(site + "docs/a", { formats: ["markdown", "links"] }));
await attempt("crawl", () => app.crawl(site + "docs/", { limit: 5, sitemap: "skip", pollInterval: 1 }));
await attempt("started", () => app.startCrawl(site + "slow/0", { crawlEntireDomain: true, sitemap: "skip", maxConcurrency: 1, delay: 0.3 }));
if (out.started?.id) {
  await attempt("status", () => app.getCrawlStatus(out.started.id));
  await attempt("cancelled", () => app.cancelCrawl(out.started.id));
  await attempt("afterCancel", () => app.getCrawlStatus(out.started.id));
}
await attempt("map", () => app.map(site, { sitemap: "include", limit: 50 }));

// v1: scrapeUrl, blocking crawlUrl, asyncCrawlUrl + checkCrawlStatus, mapUrl.
await attempt("v1Scrape", () => v1.scrapeUrl(site + "docs/b", { formats: ["markdown", "html"] }));
await attempt("v1Crawl", () => v1.crawlUrl(site + "blog/", { limit: 10 }, 1));
await attempt("v1Started", () => v1.asyncCrawlUrl(site + "docs/", { limit: 3, ignoreSitemap: true }));
if (out.v1Started?.id) {
  for (let i = 0; i < 120; i++) {
    await attempt("v1Status", () => v1.checkCrawlStatus(out.v1Started.id, true));
    if (out.v1Status?.status === "completed") break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
await attempt("v1Map", () => v1.mapUrl(site, { search: "orphan" }));

process.stdout.write(JSON.stringify(out));
