// The Linkup JS SDK's fetch() against ExtractApi. Input (env): API_URL (ending in /v1), TOKEN, SITE (the test site's
// base URL, ending in /), BLOCKED (a URL the SSRF guard refuses). Output: JSON on stdout.
import { LinkupClient } from "linkup-sdk";

const client = new LinkupClient({ apiKey: process.env.TOKEN, baseUrl: process.env.API_URL });
const site = process.env.SITE;
const attempt = async (params) => {
  try {
    return { ok: await client.fetch(params) };
  } catch (error) {
    return { error: error.constructor.name, message: String(error.message) };
  }
};
const out = {};
out.plain = await attempt({ url: `${site}pages/1` });
out.full = await attempt({ url: `${site}gallery`, includeRawHtml: true, extractImages: true });
out.text = await attempt({ url: `${site}text` });
out.missing = await attempt({ url: `${site}missing` });
out.image = await attempt({ url: `${site}image.png` });
out.renderJs = await attempt({ url: `${site}pages/1`, renderJs: true });
out.blocked = await attempt({ url: process.env.BLOCKED });
out.badUrl = await attempt({ url: "not a url" });
process.stdout.write(JSON.stringify(out));
