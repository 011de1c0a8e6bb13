/**
 * KSeF tokens (tokeny-ksef.md): generated in Nip/InternalId contexts only (26002), permissions ⊆ the
 * caller's (26001), Pending → Active, secret returned once; listing scoped by CredentialsManage /
 * CredentialsRead or authorship; revocation → Revoked (then authentication 450, refresh 21301).
 */
import { randomBytes } from 'node:crypto';
import type { Emu } from './core';
import type { Route } from './http';
import { apiDate, exception, json, noContent } from './http';
import { makeReferenceNumber } from './ksef-number';
import type { KsefTokenRec } from './state';

function view(t: KsefTokenRec) {
  return {
    referenceNumber: t.referenceNumber,
    authorIdentifier: t.author,
    contextIdentifier: t.context,
    description: t.description,
    requestedPermissions: t.requestedPermissions,
    dateCreated: t.dateCreated,
    lastUseDate: t.lastUseDate ?? null,
    status: t.status,
    statusDetails: null,
  };
}

export function tokenRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group: 'other', handler });
  const canSee = (a: NonNullable<Parameters<Route['handler']>[0]['auth']>, t: KsefTokenRec) =>
    t.context.value === a.contextValue &&
    (a.permissions.includes('CredentialsManage') || a.permissions.includes('CredentialsRead') || (t.author.type === a.subjectType && t.author.value === a.subjectValue));
  return [
    r('POST', '/tokens', 'tokens.generate', (ctx) => {
      const a = ctx.auth!;
      const b = ctx.json<{ permissions: string[]; description: string }>();
      if (a.contextType !== 'Nip' && a.contextType !== 'InternalId') throw exception(26002);
      const missing = b.permissions.filter((p) => !a.permissions.includes(p));
      if (missing.length) throw exception(26001, `Brak uprawnień: ${missing.join(', ')}.`);
      const referenceNumber = makeReferenceNumber('EC');
      // Opaque secret (≤ 160 chars): reference number + random part, like the real format.
      const token = `${referenceNumber}|nip-${a.contextValue}|${randomBytes(32).toString('hex')}`;
      const rec: KsefTokenRec = {
        referenceNumber,
        token,
        author: { type: a.subjectType, value: a.subjectValue },
        context: { type: a.contextType, value: a.contextValue },
        description: b.description,
        requestedPermissions: b.permissions,
        dateCreated: apiDate(),
        status: 'Pending',
      };
      em.s.tokens[referenceNumber] = rec;
      em.later(() => {
        if (rec.status === 'Pending') rec.status = 'Active';
      });
      em.store.touch();
      return json(202, { referenceNumber, token });
    }),
    r('GET', '/tokens', 'tokens.list', (ctx) => {
      const a = ctx.auth!;
      const statuses = ctx.query.getAll('status');
      const desc = ctx.query.get('description');
      const author = ctx.query.get('authorIdentifier');
      const authorType = ctx.query.get('authorIdentifierType');
      const items = Object.values(em.s.tokens)
        .filter((t) => canSee(a, t))
        .filter((t) => !statuses.length || statuses.includes(t.status))
        .filter((t) => !desc || t.description.toLowerCase().includes(desc.toLowerCase()))
        .filter((t) => !author || t.author.value.includes(author))
        .filter((t) => !authorType || t.author.type === authorType)
        .sort((x, y) => y.dateCreated.localeCompare(x.dateCreated));
      const cont = ctx.header('x-continuation-token');
      let off = 0;
      if (cont) {
        const m = /^o:(\d+)$/.exec(Buffer.from(cont, 'base64').toString('utf8'));
        if (!m) throw exception(21418);
        off = Number(m[1]);
      }
      const size = Number(ctx.query.get('pageSize') ?? 10);
      return json(200, {
        continuationToken: off + size < items.length ? Buffer.from(`o:${off + size}`).toString('base64') : null,
        tokens: items.slice(off, off + size).map(view),
      });
    }),
    r('GET', '/tokens/{referenceNumber}', 'tokens.status', (ctx) => {
      const t = em.s.tokens[ctx.params.referenceNumber!];
      if (!t || !canSee(ctx.auth!, t)) throw exception(21405, `Token ${ctx.params.referenceNumber} nie istnieje.`);
      return json(200, view(t));
    }),
    r('DELETE', '/tokens/{referenceNumber}', 'tokens.revoke', (ctx) => {
      const a = ctx.auth!;
      const t = em.s.tokens[ctx.params.referenceNumber!];
      if (!t || t.context.value !== a.contextValue) throw exception(21405, `Token ${ctx.params.referenceNumber} nie istnieje.`);
      const own = t.author.type === a.subjectType && t.author.value === a.subjectValue;
      if (!own) em.requireAny(a, ['CredentialsManage']);
      t.status = 'Revoked';
      for (const op of Object.values(em.s.authOps)) if (op.ksefTokenRef === t.referenceNumber) op.refreshRevoked = true;
      em.store.touch();
      return noContent();
    }),
  ];
}
