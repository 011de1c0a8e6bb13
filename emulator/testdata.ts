/**
 * /testdata endpoints of the TEST environment (dane-testowe-scenariusze.md, open-api.json tag
 * "Dane testowe"): unauthenticated, 200 with no body, 400 30001 when the thing already exists.
 */
import type { Emu } from './core';
import type { Route } from './http';
import { exception } from './http';
import { addGrant, revokeGrant } from './permissions';
import type { Identifier } from './state';

const ok = () => ({ status: 200 });

export function testdataRoutes(em: Emu): Route[] {
  const r = (template: string, name: string, handler: Route['handler']): Route => ({ method: 'POST', template, name, auth: 'public', group: 'public', handler });
  return [
    r('/testdata/subject', 'testdata.subject.create', (ctx) => {
      const b = ctx.json<{ subjectNip: string; subjectType: string; subunits?: { subjectNip: string; description: string }[] | null; description: string }>();
      if (em.s.subjects[b.subjectNip]) throw exception(30001);
      em.s.subjects[b.subjectNip] = { nip: b.subjectNip, subjectType: b.subjectType, description: b.description, subunits: b.subunits ?? [] };
      em.store.touch();
      return ok();
    }),
    r('/testdata/subject/remove', 'testdata.subject.remove', (ctx) => {
      const b = ctx.json<{ subjectNip: string }>();
      delete em.s.subjects[b.subjectNip];
      em.store.touch();
      return ok();
    }),
    r('/testdata/person', 'testdata.person.create', (ctx) => {
      const b = ctx.json<{ nip: string; pesel: string; isBailiff: boolean; isDeceased?: boolean; description: string }>();
      if (em.s.persons[b.nip]) throw exception(30001);
      em.s.persons[b.nip] = { nip: b.nip, pesel: b.pesel, isBailiff: b.isBailiff, isDeceased: !!b.isDeceased, description: b.description };
      em.store.touch();
      return ok();
    }),
    r('/testdata/person/remove', 'testdata.person.remove', (ctx) => {
      const b = ctx.json<{ nip: string }>();
      const p = em.s.persons[b.nip];
      delete em.s.persons[b.nip];
      if (p) for (const g of em.s.grants.filter((g) => g.subject.type === 'Pesel' && g.subject.value === p.pesel)) revokeGrant(em, g);
      em.store.touch();
      return ok();
    }),
    r('/testdata/permissions', 'testdata.permissions.grant', (ctx) => {
      const b = ctx.json<{ contextIdentifier: Identifier; authorizedIdentifier: Identifier; permissions: { permissionType: string; description: string }[] }>();
      let added = 0;
      for (const p of b.permissions)
        if (
          addGrant(em, {
            kind: 'testdata',
            context: b.contextIdentifier,
            subject: b.authorizedIdentifier,
            permission: p.permissionType,
            canDelegate: false,
            description: p.description,
            author: { type: 'System', value: '' },
          })
        )
          added++;
      if (!added && b.permissions.length) throw exception(30001);
      return ok();
    }),
    r('/testdata/permissions/revoke', 'testdata.permissions.revoke', (ctx) => {
      const b = ctx.json<{ contextIdentifier: Identifier; authorizedIdentifier: Identifier }>();
      for (const g of em.s.grants.filter((g) => g.context.value === b.contextIdentifier.value && em.subjectMatches(g.subject, b.authorizedIdentifier))) revokeGrant(em, g);
      return ok();
    }),
    r('/testdata/attachment', 'testdata.attachment.grant', (ctx) => {
      const b = ctx.json<{ nip: string }>();
      em.s.attachmentsAllowed[b.nip] = { allowed: true };
      em.store.touch();
      return ok();
    }),
    r('/testdata/attachment/revoke', 'testdata.attachment.revoke', (ctx) => {
      const b = ctx.json<{ nip: string; expectedEndDate?: string | null }>();
      em.s.attachmentsAllowed[b.nip] = { allowed: false, revokedDate: b.expectedEndDate ?? new Date().toISOString().slice(0, 10) };
      em.store.touch();
      return ok();
    }),
    {
      ...r('/testdata/context/block', 'testdata.context.block', (ctx) => {
        const b = ctx.json<{ contextIdentifier?: Identifier | null }>();
        if (!b.contextIdentifier) throw exception(21405, 'contextIdentifier jest wymagany.');
        em.s.blockedContexts[`${b.contextIdentifier.type}:${b.contextIdentifier.value}`] = true;
        em.store.touch();
        return ok();
      }),
      group: 'other',
    },
    {
      ...r('/testdata/context/unblock', 'testdata.context.unblock', (ctx) => {
        const b = ctx.json<{ contextIdentifier?: Identifier | null }>();
        if (b.contextIdentifier) delete em.s.blockedContexts[`${b.contextIdentifier.type}:${b.contextIdentifier.value}`];
        em.store.touch();
        return ok();
      }),
      group: 'other',
    },
  ];
}
