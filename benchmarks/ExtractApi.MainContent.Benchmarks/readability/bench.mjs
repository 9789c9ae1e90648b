// Mozilla Readability (on linkedom's DOM) over the article extraction benchmark: the article text of every page and
// the median time of a pass over the corpus, one JSON line on stdout for the .NET benchmark to score.
// Usage: node bench.mjs <corpus folder> <rounds>
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";

const [corpus, roundsArgument] = process.argv.slice(2);
const rounds = Number(roundsArgument ?? 3);
const truth = JSON.parse(readFileSync(join(corpus, "ground-truth.json"), "utf8"));
const pages = Object.keys(truth).sort().map((id) => ({
  id,
  html: gunzipSync(readFileSync(join(corpus, "html", `${id}.html.gz`))).toString("utf8"),
}));

function pass() {
  const texts = {};
  for (const page of pages) {
    const { document } = parseHTML(page.html);
    let article = null;
    try {
      article = new Readability(document).parse();
    } catch {
      article = null;
    }
    texts[page.id] = article?.textContent ?? "";
  }
  return texts;
}

const warmUpStart = performance.now();
let texts = pass();
while (performance.now() - warmUpStart < 5000) {
  texts = pass();
}

const wall = [];
const cpu = [];
for (let round = 0; round < rounds; round++) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  texts = pass();
  wall.push(performance.now() - start);
  const used = process.cpuUsage(cpuBefore);
  cpu.push((used.user + used.system) / 1000);
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({ medianMs: median(wall), medianCpuMs: median(cpu), texts }));
