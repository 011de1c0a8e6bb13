import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createXsdValidator, XsdCompileError } from '@/lib/xml/xsd';

// A two-file schema whose import goes through a fake http URL: proves the urlMap is used and the
// network is never needed.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsd-test-'));
fs.writeFileSync(
  path.join(dir, 'types.xsd'),
  `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified">
     <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}"/></xs:restriction></xs:simpleType>
   </xs:schema>`,
);
fs.writeFileSync(
  path.join(dir, 'main.xsd'),
  `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:m" xmlns="urn:m" elementFormDefault="qualified">
     <xs:import namespace="urn:t" schemaLocation="http://example.invalid/schemas/types.xsd"/>
     <xs:element name="Root"><xs:complexType><xs:sequence>
       <xs:element name="Item" maxOccurs="unbounded" type="t:Code"/>
     </xs:sequence></xs:complexType></xs:element>
   </xs:schema>`,
);

describe('createXsdValidator', () => {
  const v = createXsdValidator({ entry: path.join(dir, 'main.xsd'), urlMap: { 'http://example.invalid/schemas/': dir + '/' } });
  afterAll(() => v.dispose());

  it('accepts a valid document (string and bytes)', () => {
    const xml = '<Root xmlns="urn:m"><Item>ABC</Item></Root>';
    expect(v.validate(xml)).toEqual({ valid: true, errors: [] });
    expect(v.validate(new TextEncoder().encode(xml)).valid).toBe(true);
  });

  it('reports the named element path, line and a message without namespaces', () => {
    const r = v.validate('<Root xmlns="urn:m">\n<Item>ABC</Item>\n<Item>abc</Item></Root>');
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({ path: '/Root/Item[2]', line: 3 });
    expect(r.errors[0]!.message).toContain("Element 'Item'");
    expect(r.errors[0]!.message).not.toContain('{urn:m}');
  });

  it('returns malformed XML as an error instead of throwing', () => {
    const r = v.validate('<Root xmlns="urn:m">');
    expect(r.valid).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it('does not expand external entities (XXE)', () => {
    const secret = path.join(dir, 'secret.txt');
    fs.writeFileSync(secret, 'ABC');
    const r = v.validate(`<!DOCTYPE Root [<!ENTITY x SYSTEM "file://${secret}">]><Root xmlns="urn:m"><Item>&x;</Item></Root>`);
    expect(r.valid).toBe(false);
  });

  it('fails to compile when an import URL is not mapped (never goes to the network)', () => {
    const other = path.join(dir, 'other.xsd');
    fs.writeFileSync(other, fs.readFileSync(path.join(dir, 'main.xsd'), 'utf8').replace('http://example.invalid/schemas/', 'http://unmapped.invalid/'));
    expect(() => createXsdValidator({ entry: other })).toThrow(XsdCompileError);
  });
});
