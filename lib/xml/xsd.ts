/**
 * Generic, offline XML Schema (XSD 1.0) validation on libxml2 compiled to WebAssembly (libxml2-wasm).
 *
 * API
 * ```ts
 * import { createXsdValidator } from '@/lib/xml/xsd';
 * const v = createXsdValidator({
 *   entry: '/abs/path/schema.xsd',                  // the root schema file
 *   urlMap: { 'http://crd.gov.pl/xml/schematy/.../DefinicjeTypy/': '/abs/path/bazowe/' }, // optional
 * });
 * const r = v.validate(xmlStringOrBytes);           // { valid, errors: [{ path, line?, message }] }
 * v.dispose();                                      // frees the compiled schema (WASM memory)
 * ```
 * - The schema set is compiled ONCE in `createXsdValidator` and reused by every `validate()` call.
 * - `urlMap` maps a URL (or URL prefix ending in `/`) used in `xsd:import`/`xsd:include` to a local
 *   file (or directory ending in `/`). Nothing is ever fetched from the network: an unmapped
 *   http(s) URL makes compilation fail with an error naming it.
 * - `validate()` never throws for bad input: malformed XML gives `valid: false` with the parser's
 *   errors. Each document parsed for validation is disposed before returning.
 * - `errors[].path` is the element path without namespaces (`/Faktura/Podmiot3[1]/DaneIdentyfikacyjne/IDWew`),
 *   `line` the 1-based line in the document, `message` libxml2's message with `{namespace}` prefixes removed.
 * - Documents are parsed with external entities and network access disabled (no XXE).
 *
 * libxml2-wasm keeps one global list of input providers; this module registers a single provider
 * that serves the files of every validator created in this process. Local paths are absolute, so they
 * cannot collide; mapping one URL to two different local paths throws XsdCompileError.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseOption, XmlDocument, XmlElement, XmlLibError, XsdValidator, xmlRegisterInputProvider, type ErrorDetail } from 'libxml2-wasm';

export interface XsdError {
  /** Element path without namespace prefixes, e.g. `/Faktura/Fa/P_2`; `/` when unknown. */
  path: string;
  /** 1-based line number in the validated document, when libxml2 reports one. */
  line?: number;
  message: string;
}

export interface XsdResult {
  valid: boolean;
  errors: XsdError[];
}

export interface XsdValidatorOptions {
  /** Absolute path of the root schema file. */
  entry: string;
  /** URL (or URL prefix ending in `/`) → absolute local file (or directory ending in `/`). */
  urlMap?: Record<string, string>;
}

export interface CompiledXsd {
  validate(xml: string | Uint8Array): XsdResult;
  /** Free the compiled schema; the validator must not be used afterwards. */
  dispose(): void;
}

/** Thrown when the schema set itself cannot be loaded or compiled. */
export class XsdCompileError extends Error {
  constructor(
    message: string,
    readonly details: XsdError[] = [],
  ) {
    super(message);
    this.name = 'XsdCompileError';
  }
}

// ---- input provider: URL map + local files, served from memory -------------------------------

const urlPrefixes = new Map<string, string>(); // url prefix → local path prefix
const openFiles = new Map<number, { data: Uint8Array; pos: number }>();
let nextFd = 1;
let providerRegistered = false;

function resolveLocal(name: string): string | undefined {
  for (const [prefix, local] of urlPrefixes) {
    if (name === prefix) return local;
    if (prefix.endsWith('/') && name.startsWith(prefix)) return local + name.slice(prefix.length);
  }
  if (name.startsWith('file://')) return fileURLToPath(name);
  if (path.isAbsolute(name)) return name;
  return undefined;
}

function ensureProvider(): void {
  if (providerRegistered) return;
  providerRegistered = xmlRegisterInputProvider({
    match: (name) => resolveLocal(name) !== undefined,
    open: (name) => {
      const local = resolveLocal(name);
      if (!local) return undefined;
      try {
        const data = fs.readFileSync(local);
        const fd = nextFd++;
        openFiles.set(fd, { data, pos: 0 });
        return fd;
      } catch {
        return undefined;
      }
    },
    read: (fd, buf) => {
      const f = openFiles.get(fd);
      if (!f) return -1;
      const n = Math.min(buf.length, f.data.length - f.pos);
      buf.set(f.data.subarray(f.pos, f.pos + n));
      f.pos += n;
      return n;
    },
    close: (fd) => openFiles.delete(fd as number),
  });
  if (!providerRegistered) throw new XsdCompileError('libxml2-wasm: could not register the input provider');
}

// ---- error mapping ---------------------------------------------------------------------------

/** `/*[local-name()='Faktura']/...` or `/ns:Faktura/ns:Fa` → `/Faktura/Fa`. */
function cleanPath(xpath: string | undefined): string {
  if (!xpath) return '/';
  return xpath
    .replace(/\*\[local-name\(\)\s*=\s*'([^']+)'\]/g, '$1')
    .replace(/\/[A-Za-z_][\w.-]*:/g, '/')
    .replace(/\{[^}]*\}/g, '');
}

function cleanMessage(msg: string): string {
  return msg.replace(/\{[^}]*\}/g, '').replace(/\s+$/g, '');
}

/**
 * libxml2 reports positional paths (`/*\/*[4]/*[1]`); resolve them in the still-open document into
 * element names with an index only where a name repeats (`/Faktura/Podmiot3[2]/DaneIdentyfikacyjne`).
 */
function namedPath(doc: XmlDocument | undefined, xpath: string | undefined): string {
  if (!doc || !xpath) return cleanPath(xpath);
  try {
    const node = doc.get(xpath);
    if (!(node instanceof XmlElement)) return cleanPath(xpath);
    const parts: string[] = [];
    for (let el: XmlElement | null = node; el; el = el.parent) {
      const local = el.name.replace(/^.*:/, '');
      let index = 1;
      let count = 1;
      for (let s = el.prev; s; s = s.prev) {
        if (s instanceof XmlElement && s.name === el.name) {
          index++;
          count++;
        }
      }
      for (let s = el.next; s; s = s.next) if (s instanceof XmlElement && s.name === el.name) count++;
      parts.unshift(count > 1 ? `${local}[${index}]` : local);
    }
    return '/' + parts.join('/');
  } catch {
    return cleanPath(xpath);
  }
}

function mapDetails(details: ErrorDetail[], doc?: XmlDocument): XsdError[] {
  return details
    .filter((d) => d.level >= 2)
    .map((d) => ({
      path: namedPath(doc, d.xpath),
      ...(d.line > 0 ? { line: d.line } : {}),
      message: cleanMessage(d.message),
    }));
}

const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_BIG_LINES;

// ---- public API ------------------------------------------------------------------------------

export function createXsdValidator(opts: XsdValidatorOptions): CompiledXsd {
  if (!path.isAbsolute(opts.entry)) throw new XsdCompileError(`entry must be an absolute path: ${opts.entry}`);
  for (const [url, local] of Object.entries(opts.urlMap ?? {})) {
    // The provider is process-wide: one URL cannot mean two different local files.
    const prev = urlPrefixes.get(url);
    if (prev !== undefined && prev !== local) throw new XsdCompileError(`URL ${url} is already mapped to ${prev}`);
    urlPrefixes.set(url, local);
  }
  ensureProvider();

  let schemaDoc: XmlDocument | undefined;
  let validator: XsdValidator;
  try {
    schemaDoc = XmlDocument.fromBuffer(fs.readFileSync(opts.entry), { url: opts.entry, option: PARSE_OPTIONS });
    validator = XsdValidator.fromDoc(schemaDoc);
  } catch (e) {
    const details = e instanceof XmlLibError ? mapDetails(e.details) : [];
    throw new XsdCompileError(`cannot compile XSD ${opts.entry}: ${(e as Error).message}`, details);
  } finally {
    // The compiled schema keeps its own copy of what it needs; the source document can go.
    schemaDoc?.dispose();
  }

  let disposed = false;
  return {
    validate(xml) {
      if (disposed) throw new Error('XSD validator already disposed');
      let doc: XmlDocument | undefined;
      try {
        doc = typeof xml === 'string' ? XmlDocument.fromString(xml, { option: PARSE_OPTIONS }) : XmlDocument.fromBuffer(xml, { option: PARSE_OPTIONS });
        validator.validate(doc);
        return { valid: true, errors: [] };
      } catch (e) {
        if (e instanceof XmlLibError) {
          const errors = mapDetails(e.details, doc);
          return { valid: false, errors: errors.length ? errors : [{ path: '/', message: cleanMessage(e.message) }] };
        }
        return { valid: false, errors: [{ path: '/', message: (e as Error).message }] };
      } finally {
        doc?.dispose();
      }
    },
    dispose() {
      if (!disposed) validator.dispose();
      disposed = true;
    },
  };
}
