/**
 * `npm run bench:pdf [-- LINES]`: does rendering a huge invoice as PDF hold the server? One process
 * (as one Next.js worker is): a plain HTTP health endpoint under 10 concurrent clients, first alone
 * (the floor), then while a LINES-line invoice (default 10,000, FA(3)'s maximum) is rendered as PDF
 * by the app's renderer, twice in a row (the second from scratch: the cache is bypassed here).
 * Prints health p50/p95/p99/max in both phases, their ratio, and the render times.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseFa3 } from '@/lib/fa3';
import { renderInvoicePdf } from '@/lib/pdf/invoice-pdf';

const LINES = Number(process.argv[2] ?? 10_000);
const dir = path.resolve(import.meta.dirname, '../../tests/fixtures/samples/fa3');
const base = parseFa3(fs.readFileSync(path.join(dir, fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))[0]!)));
const invoice = {
  ...base,
  lines: Array.from({ length: LINES }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja ${i + 1}: towar o dość długiej nazwie, jak w prawdziwym zamówieniu hurtowym` })),
};

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;

async function health(url: string, seconds: number): Promise<number[]> {
  const times: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const inst = autocannon({ url, connections: 10, duration: seconds }, (err) => (err ? reject(err) : resolve()));
    (inst as unknown as NodeJS.EventEmitter).on('response', (_c: unknown, _s: number, _b: number, t: number) => times.push(t));
  });
  return times.sort((a, b) => a - b);
}

async function main() {
  const server = http.createServer((_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/health`;
  await renderInvoicePdf({ invoice: { ...invoice, lines: invoice.lines.slice(0, 200) } }); // fonts and JIT warm

  const floor = await health(url, 5);
  const renders: number[] = [];
  let done = false;
  const rendering = (async () => {
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const pdf = await renderInvoicePdf({ invoice, budgetMs: 120_000 });
      renders.push(performance.now() - t0);
      if (i === 0) console.log(`PDF: ${LINES} lines, ${(pdf.length / 1024 / 1024).toFixed(1)} MB`);
    }
    done = true;
  })();
  const during: number[] = [];
  while (!done) during.push(...(await health(url, 3)));
  await rendering;
  during.sort((a, b) => a - b);
  server.close();

  const row = (name: string, s: number[]) => `| ${name} | ${s.length} | ${pct(s, 50).toFixed(1)} | ${pct(s, 95).toFixed(1)} | ${pct(s, 99).toFixed(1)} | ${s.at(-1)!.toFixed(0)} |`;
  console.log('\n| /api/health | requests | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|');
  console.log(row('alone (floor)', floor));
  console.log(row(`while rendering ${LINES} lines`, during));
  console.log(`\nrenders: ${renders.map((r) => `${(r / 1000).toFixed(1)} s`).join(', ')}; p95 during ÷ floor: ${(pct(during, 95) / pct(floor, 95)).toFixed(1)}×`);
  console.log(`target p95 < 100 ms while rendering: ${pct(during, 95) < 100 ? 'met' : 'NOT met'}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
