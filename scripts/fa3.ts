/**
 * FA(3) command line (docs/fa3.md):
 *   npm run fa3 -- validate FILE...   exit 0 iff every file is XSD-valid; one line per invalid file
 *   npm run fa3 -- parse FILE         the model as JSON on stdout
 *   npm run fa3 -- build FILE.json    FA(3) XML on stdout (model or draft without totals; rules + XSD checked)
 */
import fs from 'node:fs';
import { buildFa3, checkInvoice, completeInvoice, Fa3ParseError, invoiceSchema, parseFa3, validateFa3Xml, type InvoiceDraft } from '@/lib/fa3';

const USAGE = 'użycie: npm run fa3 -- validate PLIK.xml... | parse PLIK.xml | build PLIK.json';

function read(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    console.error(`${file}: nie można odczytać pliku (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    process.exit(2);
  }
}

function main(argv: string[]): number {
  const [cmd, ...files] = argv;
  if (cmd === 'validate' && files.length) {
    let ok = true;
    for (const f of files) {
      const r = validateFa3Xml(read(f));
      if (!r.valid) {
        ok = false;
        console.log(`${f}: ${r.errors.map((e) => `${e.path}${e.line ? ` (linia ${e.line})` : ''}: ${e.message}`).join(' | ')}`);
      }
    }
    return ok ? 0 : 1;
  }
  if (cmd === 'parse' && files.length === 1) {
    try {
      process.stdout.write(JSON.stringify(parseFa3(read(files[0]!)), null, 2) + '\n');
      return 0;
    } catch (e) {
      if (e instanceof Fa3ParseError) {
        console.error(`${files[0]}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  if (cmd === 'build' && files.length === 1) {
    let json: unknown;
    try {
      json = JSON.parse(read(files[0]!).toString('utf8'));
    } catch (e) {
      console.error(`${files[0]}: niepoprawny JSON (${(e as Error).message})`);
      return 1;
    }
    const draft = json as InvoiceDraft;
    const parsed = invoiceSchema.safeParse(draft && typeof draft === 'object' && !('totals' in draft) ? completeInvoice(draft) : draft);
    if (!parsed.success) {
      for (const i of parsed.error.issues) console.error(`${files[0]}: ${i.path.join('.')}: ${i.message}`);
      return 1;
    }
    const violations = checkInvoice(parsed.data);
    for (const v of violations) console.error(`${files[0]}: ${v.severity === 'error' ? 'błąd' : 'uwaga'} ${v.code} ${v.path}: ${v.message}`);
    if (violations.some((v) => v.severity === 'error')) return 1;
    const xml = buildFa3(parsed.data);
    const r = validateFa3Xml(xml);
    if (!r.valid) {
      for (const e of r.errors) console.error(`${files[0]}: XSD ${e.path}: ${e.message}`);
      return 1;
    }
    process.stdout.write(xml + '\n');
    return 0;
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
