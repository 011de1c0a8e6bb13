/**
 * Public API of the FA(3) engine. A library: no Prisma, Next.js or tenants here.
 *
 *   completeInvoice(draft)  → Invoice  fills line amounts and totals (totals.ts rounding rule)
 *   checkInvoice(invoice)   → RuleViolation[]  business rules, Polish messages (rules.ts)
 *   buildFa3(invoice)       → string   deterministic FA(3) XML
 *   parseFa3(xml)           → Invoice  any XSD-valid FA(3), unknown content kept in `extra`
 *   validateFa3Xml(xml)     → { valid, errors[{ path, line?, message }] }  official XSD, offline
 *   issueFa3(input)         → { invoice, xml }  all of the above; throws Fa3InvoiceError
 */
import { buildFa3 } from './build';
import { invoiceSchema, type Invoice } from './model';
import { checkInvoice, type RuleOptions, type RuleViolation } from './rules';
import { validateFa3Xml, type Fa3ValidationError } from './validate';

export * from './model';
export { buildFa3, buildFa3Tree, type BuildOptions } from './build';
export { parseFa3, parseXmlTree, Fa3ParseError } from './parse';
export { validateFa3Xml, FA3_NAMESPACE, FA3_SCHEMA_ENTRY, FA3_SCHEMA_DIR, FA3_ETD_NAMESPACE, type Fa3ValidationError, type Fa3ValidationResult } from './validate';
export { checkInvoice, isRealDate, todayInPoland, RULE_CODES, type RuleCode, type RuleViolation, type RuleOptions } from './rules';
export { computeTotals, completeInvoice, roundMoney, lineAmount, priceModeOf, RATE_BUCKET, type InvoiceDraft, type PriceMode } from './totals';
export { isValidNip, normalizeNip } from './nip';

export interface Fa3Issue {
  /** `schema` = model shape (zod), `rule` = business rule, `xsd` = official schema. */
  source: 'schema' | 'rule' | 'xsd';
  code: string;
  path: string;
  message: string;
}

export class Fa3InvoiceError extends Error {
  readonly code = 'FA3_INVALID';
  constructor(readonly issues: Fa3Issue[]) {
    super(`Faktura niepoprawna: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'Fa3InvoiceError';
  }
}

/**
 * The one gate before an invoice leaves the system: shape (zod) → business rules (errors only;
 * warnings are returned) → XML → official XSD. Throws Fa3InvoiceError listing every problem found.
 */
export function issueFa3(input: unknown, opts: RuleOptions = {}): { invoice: Invoice; xml: string; warnings: RuleViolation[] } {
  const parsed = invoiceSchema.safeParse(input);
  if (!parsed.success) {
    throw new Fa3InvoiceError(parsed.error.issues.map((i) => ({ source: 'schema', code: i.code, path: i.path.join('.'), message: i.message })));
  }
  const invoice = parsed.data;
  const violations = checkInvoice(invoice, opts);
  const errors = violations.filter((v) => v.severity === 'error');
  if (errors.length) throw new Fa3InvoiceError(errors.map((v) => ({ source: 'rule', code: v.code, path: v.path, message: v.message })));
  const xml = buildFa3(invoice);
  const r = validateFa3Xml(xml);
  if (!r.valid) throw new Fa3InvoiceError(r.errors.map((e: Fa3ValidationError) => ({ source: 'xsd', code: 'XSD', path: e.path, message: e.message })));
  return { invoice, xml, warnings: violations.filter((v) => v.severity === 'warning') };
}
