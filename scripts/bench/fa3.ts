/**
 * FA(3) engine benchmark: build + validate + parse of 10,000 varied invoices, then Debian's
 * `xmllint --schema` (one process over all files, XML catalog mapping the crd.gov.pl URL to the
 * bundled schema files, --nonet) over the same files. Results go to docs/benchmarks.md by hand.
 *   npm run bench:fa3 [-- COUNT]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFa3, FA3_ETD_NAMESPACE, FA3_SCHEMA_DIR, FA3_SCHEMA_ENTRY, parseFa3, validateFa3Xml } from '@/lib/fa3';
import { variedInvoice } from '@/tests/fixtures/fa3/invoices';

const N = Number(process.argv[2] ?? 10_000);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;

const invoices = Array.from({ length: N }, (_, i) => variedInvoice(i));
validateFa3Xml(buildFa3(invoices[0]!)); // compile the schema once, outside the measurement
for (let i = 0; i < 200; i++) parseFa3(buildFa3(invoices[i % N]!)); // JIT warm-up

// Three passes (build all, validate all, parse all) so each stage runs hot, as in a batch send.
// The build stage ends with the UTF-8 bytes we would send to KSeF; validation and xmllint read
// exactly those bytes.
const enc = new TextEncoder();
const tBuild: number[] = [];
const tValidate: number[] = [];
const tParse: number[] = [];
const bytes: Uint8Array[] = [];
let invalid = 0;
const t0 = performance.now();
for (const inv of invoices) {
  const a = performance.now();
  bytes.push(enc.encode(buildFa3(inv)));
  tBuild.push(performance.now() - a);
}
for (const x of bytes) {
  const a = performance.now();
  if (!validateFa3Xml(x).valid) invalid++;
  tValidate.push(performance.now() - a);
}
for (const x of bytes) {
  const a = performance.now();
  parseFa3(x);
  tParse.push(performance.now() - a);
}
const total = performance.now() - t0;
const tAll = tBuild.map((b, i) => b + tValidate[i]! + tParse[i]!);
const validateTotal = tValidate.reduce((s, x) => s + x, 0);
const buildValidateTotal = validateTotal + tBuild.reduce((s, x) => s + x, 0);

// xmllint over the same bytes: one process, catalog-mapped imports, no network.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fa3-'));
const names = bytes.map((x, i) => {
  const n = `${String(i).padStart(5, '0')}.xml`;
  fs.writeFileSync(path.join(dir, n), x);
  return n;
});
const catalog = path.join(dir, 'catalog.xml');
const local = pathToFileURL(path.join(FA3_SCHEMA_DIR, 'bazowe') + '/').href;
fs.writeFileSync(
  catalog,
  `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <rewriteSystem systemIdStartString="${FA3_ETD_NAMESPACE}" rewritePrefix="${local}"/>
  <rewriteURI uriStartString="${FA3_ETD_NAMESPACE}" rewritePrefix="${local}"/>
</catalog>
`,
);
let xmllintMs: number | undefined;
let xmllintOk = 0;
const ver = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
const xmllintVersion = `${ver.stdout ?? ''}${ver.stderr ?? ''}`.split('\n')[0]?.trim() ?? '';
const x0 = performance.now();
const res = spawnSync('xmllint', ['--noout', '--nonet', '--schema', FA3_SCHEMA_ENTRY, ...names], {
  cwd: dir,
  env: { ...process.env, XML_CATALOG_FILES: catalog },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (!res.error) {
  xmllintMs = performance.now() - x0;
  xmllintOk = (res.stderr.match(/ validates$/gm) ?? []).length;
}
fs.rmSync(dir, { recursive: true, force: true });

const s = (a: number[]) => [...a].sort((x, y) => x - y);
const [b, v, p, all] = [s(tBuild), s(tValidate), s(tParse), s(tAll)];
const cpu = os.cpus();
console.log(`FA(3) engine benchmark — ${N} varied invoices (1–20 lines), Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? '?'}`);
console.log(`XSD-invalid outputs: ${invalid}`);
console.log(`               median      p99`);
console.log(`build          ${fmt(pct(b, 50)).padEnd(11)} ${fmt(pct(b, 99))}`);
console.log(`validate       ${fmt(pct(v, 50)).padEnd(11)} ${fmt(pct(v, 99))}`);
console.log(`parse          ${fmt(pct(p, 50)).padEnd(11)} ${fmt(pct(p, 99))}`);
console.log(`all three      ${fmt(pct(all, 50)).padEnd(11)} ${fmt(pct(all, 99))}`);
console.log(`build+validate amortised: ${fmt(buildValidateTotal / N)} per invoice`);
console.log(`throughput (build+validate+parse): ${((N / total) * 1000).toFixed(0)} invoices/s`);
if (xmllintMs !== undefined) {
  console.log(`xmllint --schema (${xmllintVersion}), one process, ${N} files: ${xmllintMs.toFixed(0)} ms total, ${fmt(xmllintMs / N)} per file, ${xmllintOk} validated`);
  console.log(`our validation: ${validateTotal.toFixed(0)} ms total → ratio ours/xmllint = ${(validateTotal / xmllintMs).toFixed(2)}×`);
} else {
  console.log(`xmllint not available: ${res.error?.message}`);
}
