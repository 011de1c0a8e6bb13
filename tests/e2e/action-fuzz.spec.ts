import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signUpCompany } from './support';

/**
 * Every server action is a public POST endpoint: anyone can call it with any arguments, not only the
 * form that React renders. The build's manifest lists every action, and each one, called with
 * hostile values, wrong argument shapes and no arguments, signed in and out, answers 4xx or a
 * handled form error — never 5xx.
 */
interface ManifestEntry {
  workers: Record<string, unknown>;
  exportedName?: string;
  filename?: string;
}

function actions(): { id: string; name: string; url: string }[] {
  const dist = process.env.NEXT_DIST_DIR || '.next';
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'server', 'server-reference-manifest.json'), 'utf8')) as { node: Record<string, ManifestEntry> };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const page = Object.keys(entry.workers)[0]!;
    const url =
      page
        .replace(/^app/, '')
        .replace(/\/\([^)]+\)/g, '')
        .replace(/\/page$/, '')
        .replace(/\[[^\]]+\]/g, '00000000-0000-4000-8000-000000000000') || '/';
    return { id, name: `${entry.exportedName ?? '?'} (${entry.filename ?? page})`, url };
  });
}

/** Every field name a form of ours submits or an action reads. */
function fieldNames(): string[] {
  const names = new Set<string>(['email', 'password', 'nip', 'companyName', 'name', 'lines', 'buyerId', 'issueDate', 'p12', 'certificate', 'key']);
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(d.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/(?:name="|form\.get\(')([A-Za-z0-9_]+)/g)) names.add(m[1]!);
    }
  };
  walk('app');
  walk('components');
  return [...names];
}

const HOSTILE = ["1' OR '1'='1", '00000000-0000-0000-0000-000000000000', 'a'.repeat(5000), '-1e309', '{"__proto__":{"x":1}}', '\u0000', '💩'];

function multipart(args: string, fields: Record<string, string>): Record<string, string> {
  return { '0': args, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`1_${k}`, v])) };
}

async function call(client: APIRequestContext, a: { id: string; url: string }, body: { multipart?: Record<string, string>; data?: string }) {
  const r = await client.post(a.url, {
    headers: { 'Next-Action': a.id, Accept: 'text/x-component', ...(body.data !== undefined ? { 'content-type': 'text/plain;charset=UTF-8' } : {}) },
    ...body,
    maxRedirects: 0,
  });
  return r.status();
}

test('no server action answers 5xx to hostile input, signed in or not', async ({ page, request }) => {
  test.setTimeout(240_000);
  // Those that end the session go last, so every other action is called signed in.
  const endsSession = (a: { name: string }) => /^(signOut|signOutEverywhere|leaveTenant|changePassword)Action/.test(a.name);
  const all = actions().sort((a, b) => Number(endsSession(a)) - Number(endsSession(b)));
  expect(all.length).toBeGreaterThanOrEqual(25);
  const reached = new Set<string>();
  await signUpCompany(page, 'Fuzz Akcji Sp. z o.o.');
  const names = fieldNames();
  const failures: string[] = [];
  for (const [who, client] of [
    ['signed in', page.request],
    ['signed out', request],
  ] as const) {
    for (const a of all) {
      const bodies: [string, { multipart?: Record<string, string>; data?: string }][] = [
        ['no arguments', { data: '[]' }],
        ['strings instead of a form', { data: '["x","y"]' }],
        ['numbers and nulls', { data: '[null,1,{"a":[]}]' }],
        ...HOSTILE.map(
          (v, i) => [`form of hostile values #${i}`, { multipart: multipart('[null,"$K1"]', Object.fromEntries(names.map((n) => [n, v]))) }] as [string, { multipart: Record<string, string> }],
        ),
        ['form as the only argument', { multipart: multipart('["$K1"]', Object.fromEntries(names.map((n) => [n, HOSTILE[0]!]))) }],
      ];
      for (const [label, body] of bodies) {
        const status = await call(client, a, body);
        if (who === 'signed in' && status === 200) reached.add(a.name);
        if (status >= 500) failures.push(`${who} · ${a.name} · ${label} → ${status}`);
      }
    }
  }
  expect(failures).toEqual([]);
  // The calls reached the actions themselves (a handled answer), not only a redirect in front of them.
  const admin = all.filter((a) => a.name.includes('app/admin')).length;
  expect(reached.size).toBeGreaterThanOrEqual(all.length - admin - all.filter(endsSession).length);
});
