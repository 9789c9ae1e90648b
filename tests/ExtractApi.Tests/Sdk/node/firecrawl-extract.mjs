// The Firecrawl JS SDK's v1 extract calls against ExtractApi. Input (env): API_URL, TOKEN, URL. Output: JSON on stdout.
import Firecrawl from "@mendable/firecrawl-js";

const v1 = new Firecrawl({ apiKey: process.env.TOKEN, apiUrl: process.env.API_URL }).v1;
const schema = {
  type: "object",
  properties: { name: { type: "string" }, sku: { type: "string" }, price: { type: "number" } },
};
const out = {};
out.blocking = await v1.extract([process.env.URL], { schema, showSources: true });
const started = await v1.asyncExtract([process.env.URL], { schema });
out.started = started;
let status;
for (let i = 0; i < 100; i++) {
  status = await v1.getExtractStatus(started.id);
  if (status.status !== "processing") break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
out.status = status;
try {
  await v1.extract([process.env.URL], { prompt: "What does it cost?" });
  out.promptOnly = "no error";
} catch (error) {
  out.promptOnly = String(error.message);
}
process.stdout.write(JSON.stringify(out));
