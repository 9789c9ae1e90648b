// Converts every .html file of a folder with turndown (+ GFM tables), the way a Node scraper
// would: string in, domino parses it, Markdown out. Warm-up, then timed rounds; prints one JSON
// line with the median wall-clock and CPU milliseconds per pass.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import TurndownService from 'turndown';
import { gfm } from 'turndown-plugin-gfm';

const [folder, roundsArg = '5'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const pages = readdirSync(folder).filter(f => f.endsWith('.html')).sort().map(f => readFileSync(join(folder, f), 'utf8'));
const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page, 'utf8'), 0);

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
turndown.use(gfm);
turndown.remove(['script', 'style', 'noscript', 'template']);

let sink = 0;
const convertAll = () => { for (const page of pages) sink += turndown.turndown(page).length; };

// Warm-up by time as well as by count, as on the .NET side.
const warmUpStart = Date.now();
for (let i = 0; i < 3 || Date.now() - warmUpStart < 4000; i++) convertAll();

const wall = [];
const cpu = [];
for (let i = 0; i < rounds; i++) {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  convertAll();
  wall.push(Number(process.hrtime.bigint() - start) / 1e6);
  const used = process.cpuUsage(cpuBefore);
  cpu.push((used.user + used.system) / 1000);
}
const median = values => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({ bytes, medianMs: median(wall), medianCpuMs: median(cpu), sink }));
