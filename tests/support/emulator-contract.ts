/**
 * Contract-checking HTTP client for emulator tests: EVERY response is validated against
 * open-api.json (status code declared for the operation, content type, body schema, Retry-After on
 * 429, x-ms-meta-hash on downloads). The spec is used as published; OpenAPI 3.0's `nullable` and boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become JSON Schema through the emulator's normaliseSchema, and
 * the legacy exception body's offset-less `timestamp` (the official example shows it so) is allowed here.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { normaliseSchema } from '../../emulator/openapi';

type Json = Record<string, unknown>;
const SPEC_PATH = path.resolve(import.meta.dirname, '../../emulator/schemas/open-api.json');
const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { headers?: Json; content?: Record<string, { schema?: Json }> }> }>>;
  components: { schemas: Record<string, Json> };
};

/** The emulator's own normalisation (OpenAPI 3.0 → JSON Schema), with `$ref`s pointing into the spec registered as `spec`. */
function normalise(node: unknown): unknown {
  const refs = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(refs);
    if (!n || typeof n !== 'object') return n;
    return Object.fromEntries(Object.entries(n as Json).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/', 'spec#/') : refs(v)]));
  };
  return refs(normaliseSchema(node));
}

const components = normalise(spec.components) as { schemas: Record<string, Json> };
const excInfo = components.schemas.ExceptionInfo as { properties: Record<string, Json> };
delete excInfo.properties.timestamp!.format;

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components });

export const specOperations: string[] = Object.entries(spec.paths).flatMap(([p, ops]) =>
  Object.keys(ops)
    .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
    .map((m) => `${m.toUpperCase()} ${p}`),
);

/** Operations seen with a validated response in this process, by `METHOD /template`, with statuses. */
export const coverage = new Map<string, Set<number>>();

const templates = specOperations.map((op) => {
  const [m, t] = op.split(' ') as [string, string];
  const re = new RegExp('^' + t.replace(/\{[^}]+\}/g, '[^/]+') + '$');
  return { m, t, re, literal: (t.match(/\{/g) ?? []).length };
});
function templateOf(method: string, p: string): string | undefined {
  return templates.filter((x) => x.m === method && x.re.test(p)).sort((a, b) => a.literal - b.literal)[0]?.t;
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: Json): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(normalise(schema) as Json);
    validators.set(key, v);
  }
  return v;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOpts {
  body?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | string[]>;
  /** Skip validation (only for responses the spec cannot describe, e.g. injected 5xx). */
  unchecked?: boolean;
}

export class ContractClient {
  constructor(readonly baseUrl: string) {}

  async call(method: string, p: string, o: CallOpts = {}): Promise<ApiResponse> {
    const url = new URL(this.baseUrl + p);
    for (const [k, v] of Object.entries(o.query ?? {})) {
      if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
      else url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | Buffer | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'application/xml';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, body: body as BodyInit | undefined });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    const ct = res.headers.get('content-type') ?? '';
    let parsed: unknown;
    if (/json/.test(ct) && text) parsed = JSON.parse(text);
    const r: ApiResponse = { status: res.status, headers: res.headers, text, bytes, json: parsed };
    if (!o.unchecked) this.validate(method, p, r);
    return r;
  }

  validate(method: string, p: string, r: ApiResponse): void {
    const t = templateOf(method, p);
    expect(t, `${method} ${p} is not an operation of open-api.json`).toBeDefined();
    const op = spec.paths[t!]![method.toLowerCase()]!;
    const where = `${method} ${t} → ${r.status}`;
    if (r.status === 501) {
      expect(r.json?.detail, `${where}: 501 must explain what is not implemented`).toMatch(/not implemented/);
      return;
    }
    const declared = op.responses[String(r.status)];
    expect(declared, `${where}: status not declared in open-api.json (${Object.keys(op.responses).join(', ')})`).toBeDefined();
    const ctHeader = (r.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const content = declared!.content;
    if (content && Object.keys(content).length) {
      if (r.status === 204) throw new Error(`${where}: spec declares a body for 204`);
      expect(Object.keys(content), `${where}: content type ${ctHeader} not declared`).toContain(ctHeader);
      const schema = content[ctHeader]!.schema;
      if (schema && /json/.test(ctHeader)) {
        const v = validatorFor(`${method} ${t} ${r.status} ${ctHeader}`, schema);
        const ok = v(r.json);
        expect(ok, `${where}: body does not match open-api.json: ${ajv.errorsText(v.errors)}\n${r.text.slice(0, 800)}`).toBe(true);
      }
    } else {
      expect(r.text, `${where}: spec declares no body`).toBe('');
    }
    if (r.status === 429) expect(Number(r.headers.get('retry-after')), `${where}: Retry-After`).toBeGreaterThan(0);
    if (declared!.headers && 'x-ms-meta-hash' in declared!.headers) expect(r.headers.get('x-ms-meta-hash'), `${where}: x-ms-meta-hash`).toBeTruthy();
    const set = coverage.get(`${method} ${t}`) ?? new Set<number>();
    set.add(r.status);
    coverage.set(`${method} ${t}`, set);
  }
}

/** The first exception code of a 400 body, in either error format. */
export function exceptionCode(r: ApiResponse): number | undefined {
  return r.json?.exception?.exceptionDetailList?.[0]?.exceptionCode ?? r.json?.errors?.[0]?.code;
}
