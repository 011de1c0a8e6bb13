/**
 * FA(3) XSD validation, fully offline: the official schema copied into `lib/fa3/schema/`
 * (from CIRFMF/ksef-docs faktury/schemy/FA/, see its SOURCE.md), with the crd.gov.pl import URL mapped to the local
 * `bazowe/` files. The schema set is compiled on first use and reused for the life of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createXsdValidator, type CompiledXsd, type XsdResult } from '@/lib/xml/xsd';

export type Fa3ValidationError = { path: string; line?: number; message: string };
export type Fa3ValidationResult = { valid: boolean; errors: Fa3ValidationError[] };

/** Namespace of the FA(3) root element (also printed in the KSeF docs). */
export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/';
/** The base-types namespace and the URL prefix the FA(3) XSD imports them from. */
export const FA3_ETD_NAMESPACE = 'http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/';

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Absolute paths of the bundled schema files (also used by the xmllint benchmark). Inside a Next.js
 * server bundle import.meta.url points into .next/, so fall back to the repo root (the app's cwd).
 */
export const FA3_SCHEMA_DIR = fs.existsSync(path.join(here, 'schema')) ? path.join(here, 'schema') : path.join(process.cwd(), 'lib/fa3/schema');
export const FA3_SCHEMA_ENTRY = path.join(FA3_SCHEMA_DIR, 'schemat_FA(3)_v1-0E.xsd');

let compiled: CompiledXsd | undefined;

function validator(): CompiledXsd {
  compiled ??= createXsdValidator({
    entry: FA3_SCHEMA_ENTRY,
    urlMap: { [FA3_ETD_NAMESPACE]: path.join(FA3_SCHEMA_DIR, 'bazowe') + path.sep },
  });
  return compiled;
}

/** Validate an FA(3) document against the official XSD. Never throws for bad input. */
export function validateFa3Xml(xml: string | Uint8Array): Fa3ValidationResult {
  const r: XsdResult = validator().validate(xml);
  return r;
}
