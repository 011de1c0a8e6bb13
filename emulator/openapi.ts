/**
 * The contract: the official open-api.json (copied verbatim into emulator/schemas/). Used for
 * request validation (→ 400 21405 with the validator's text, as open-api.json documents) and for the
 * exception-code descriptions, which are read from the 400 tables of the spec itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SCHEMA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas');

type Json = Record<string, unknown>;
interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, unknown>;
  'x-rate-limits'?: { perSecond?: number; perMinute?: number; perHour?: number };
  summary?: string;
}
export interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Json> };
}

let specCache: OpenApiSpec | undefined;
export function loadSpec(): OpenApiSpec {
  specCache ??= JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'open-api.json'), 'utf8')) as OpenApiSpec;
  return specCache;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** All operations of the spec as `METHOD /path`. */
export function specOperations(): string[] {
  const out: string[] = [];
  for (const [p, ops] of Object.entries(loadSpec().paths)) for (const m of HTTP_METHODS) if (ops[m]) out.push(`${m.toUpperCase()} ${p}`);
  return out;
}

let codeTable: Map<number, string> | undefined;
/** Exception code → official description, read from the `| code | description |` tables in the 400 responses. */

export function exceptionDescription(code: number): string {
  if (!codeTable) {
    codeTable = new Map();
    for (const ops of Object.values(loadSpec().paths))
      for (const op of Object.values(ops)) {
        const d = (op.responses?.['400'] as { description?: string } | undefined)?.description ?? '';
        for (const line of d.split('\n')) {
          const m = /^\|\s*(\d{4,5})\s*\|\s*([^|]*?)\s*\|/.exec(line);
          if (m) codeTable.set(Number(m[1]), m[2]!);
        }
      }
  }
  return codeTable.get(code) ?? 'Nieznany błąd.';
}

/** OpenAPI 3.0 `minimum: 0, exclusiveMinimum: true` → JSON Schema's `exclusiveMinimum: 0` (likewise maximum). */
function exclusiveBounds(s: Json): void {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof s[flag] !== 'boolean') continue;
    if (s[flag] && typeof s[bound] === 'number') {
      s[flag] = s[bound];
      delete s[bound];
    } else delete s[flag];
  }
}

/** OpenAPI 3.0 `nullable` and boolean exclusive bounds → JSON Schema; drops examples. */
export function normaliseSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseSchema);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'example' || k === 'examples' || k === 'nullable' || k === 'deprecated' || k === 'readOnly') continue;
    out[k] = normaliseSchema(v);
  }
  exclusiveBounds(out);
  if (src.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

let ajv: Ajv | undefined;
function getAjv(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, logger: false, coerceTypes: false });
  addFormats(ajv);
  // dateRange.from/to may omit the offset (= Europe/Warsaw; pobieranie-faktur.md): accept both.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i);
  ajv.addSchema({ $id: 'spec', components: normaliseSchema(loadSpec().components) as Json });
  return ajv;
}

const bodyValidators = new Map<string, ValidateFunction | null>();
/** Validate a JSON request body against the operation's requestBody schema; returns error texts. */
export function validateRequestBody(method: string, template: string, body: unknown): string[] {
  const key = `${method} ${template}`;
  let v = bodyValidators.get(key);
  if (v === undefined) {
    const op = loadSpec().paths[template]?.[method.toLowerCase()];
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    v = schema ? getAjv().compile(rewriteRefs(normaliseSchema(schema)) as Json) : null;
    bodyValidators.set(key, v);
  }
  if (!v) return [];
  if (v(body)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`.trim());
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `spec${v}` : rewriteRefs(v);
  return out;
}

/** Validate query/path parameters declared by the spec (required, integer ranges, enums, patterns). */
export function validateParams(method: string, template: string, query: URLSearchParams, pathParams: Record<string, string>): string[] {
  const op = loadSpec().paths[template]?.[method.toLowerCase()];
  const errs: string[] = [];
  for (const p of op?.parameters ?? []) {
    if (p.in !== 'query' && p.in !== 'path') continue;
    const schema = (p.schema ?? {}) as Json;
    const values = p.in === 'path' ? (pathParams[p.name] !== undefined ? [pathParams[p.name]!] : []) : query.getAll(p.name);
    if (values.length === 0) {
      if (p.required) errs.push(`Parametr '${p.name}' jest wymagany.`);
      continue;
    }
    const item = (schema.type === 'array' ? (schema.items as Json) : schema) ?? {};
    const resolved = resolveRef(item);
    for (const raw of values) {
      const t = resolved.type;
      if (t === 'integer') {
        if (!/^-?\d+$/.test(raw)) {
          errs.push(`Parametr '${p.name}' musi być liczbą całkowitą.`);
          continue;
        }
        const n = Number(raw);
        if (typeof resolved.minimum === 'number' && n < resolved.minimum) errs.push(`Parametr '${p.name}' musi być >= ${resolved.minimum}.`);
        if (typeof resolved.maximum === 'number' && n > resolved.maximum) errs.push(`Parametr '${p.name}' musi być <= ${resolved.maximum}.`);
      } else if (t === 'boolean') {
        if (!/^(true|false)$/i.test(raw)) errs.push(`Parametr '${p.name}' musi mieć wartość true lub false.`);
      } else {
        if (Array.isArray(resolved.enum) && !resolved.enum.includes(raw)) errs.push(`Parametr '${p.name}' ma niedozwoloną wartość '${raw}'.`);
        if (typeof resolved.pattern === 'string' && !new RegExp(resolved.pattern).test(raw)) errs.push(`Parametr '${p.name}' ma nieprawidłowy format.`);
        if (typeof resolved.minLength === 'number' && raw.length < resolved.minLength) errs.push(`Parametr '${p.name}' jest za krótki.`);
        if (typeof resolved.maxLength === 'number' && raw.length > resolved.maxLength) errs.push(`Parametr '${p.name}' jest za długi.`);
      }
    }
  }
  return errs;
}

function resolveRef(s: Json): Json {
  let cur = s;
  for (let i = 0; i < 5; i++) {
    if (typeof cur.$ref === 'string') {
      cur = loadSpec().components.schemas[cur.$ref.replace('#/components/schemas/', '')] ?? {};
      continue;
    }
    if (Array.isArray(cur.allOf) && cur.allOf.length === 1 && !cur.type) {
      cur = { ...(cur.allOf[0] as Json), ...cur, allOf: undefined };
      continue;
    }
    break;
  }
  return cur;
}

/** `x-rate-limits` of an operation (used for the public endpoints' per-IP limit). */
export function specRateLimit(method: string, template: string) {
  return loadSpec().paths[template]?.[method.toLowerCase()]?.['x-rate-limits'];
}
