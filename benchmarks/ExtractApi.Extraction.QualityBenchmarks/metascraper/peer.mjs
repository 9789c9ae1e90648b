// The peer of the extraction quality benchmark: metascraper with its author, date, publisher,
// title and url rules, over every .html file of a folder (UTF-8, written by the benchmark).
// Prints one JSON line per page ({file, author, date, publisher, title, url}), then one line
// with the median milliseconds of a pass over all pages after a warm-up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import createMetascraper from 'metascraper';
import author from 'metascraper-author';
import date from 'metascraper-date';
import publisher from 'metascraper-publisher';
import title from 'metascraper-title';
import url from 'metascraper-url';

const [folder, roundsArg = '3'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const files = readdirSync(folder).filter(f => f.endsWith('.html')).sort();
const pages = files.map(f => ({ file: f, html: readFileSync(join(folder, f), 'utf8') }));
const metascraper = createMetascraper([author(), date(), publisher(), title(), url()]);

// The corpus does not say where a page was fetched from: both sides get the same placeholder
// URL (https://example.com/corpus/<page id>; the file name is the id with '~' for '/'), so a value
// that merely echoes it is judged wrong.
const scrapeAll = async () => {
  const results = [];
  for (const page of pages) {
    results.push({ file: page.file, ...(await metascraper({ html: page.html, url: `https://example.com/corpus/${page.file.replace(/\.html$/, '').replaceAll('~', '/')}` })) });
  }
  return results;
};

for (const result of await scrapeAll()) console.log(JSON.stringify(result));
const wall = [];
for (let i = 0; i < rounds; i++) {
  const start = process.hrtime.bigint();
  await scrapeAll();
  wall.push(Number(process.hrtime.bigint() - start) / 1e6);
}
wall.sort((a, b) => a - b);
console.log(JSON.stringify({ pages: pages.length, medianMs: wall[Math.floor(wall.length / 2)] }));
