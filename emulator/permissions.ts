/**
 * Permission grants, revocations, operation status and queries (uprawnienia.md, open-api.json tags
 * "Nadawanie uprawnień", "Odbieranie uprawnień", "Wyszukiwanie nadanych uprawnień", "Operacje").
 * Grants are asynchronous operations: 202 + operation `100` → `200`; effective only at `200`.
 */
import { randomUUID } from 'node:crypto';
import type { Emu } from './core';
import type { Ctx, Route } from './http';
import { apiDate, exception, gone, json, notImplemented } from './http';
import { makeReferenceNumber } from './ksef-number';
import type { GrantRec, Identifier, Status } from './state';
import type { AccessContext } from './tokens-jwt';

const OP_STATUS = {
  accepted: { code: 100, description: 'Operacja przyjęta do realizacji' },
  ok: { code: 200, description: 'Operacja zakończona sukcesem' },
  failed: (details: string[]): Status => ({ code: 400, description: 'Operacja zakończona niepowodzeniem', details }),
  notAllowedForIdentifier: (details: string[]): Status => ({ code: 450, description: 'Operacja zakończona niepowodzeniem z powodu błędnego identyfikatora lub typu', details }),
};
const OP_RETENTION_MS = 30 * 24 * 3600_000;

export function ctxId(a: AccessContext): Identifier {
  return { type: a.contextType, value: a.contextValue };
}
function subjId(a: AccessContext): Identifier {
  return { type: a.subjectType, value: a.subjectValue };
}

/** Invalidate what a subject holds in a context after a revocation (uprawnienia.md §8.6 of the guide). */
export function invalidateSubject(em: Emu, context: Identifier, subject: Identifier): void {
  for (const op of Object.values(em.s.authOps)) if (op.context.type === context.type && op.context.value === context.value && em.subjectMatches(op.subject, subject)) op.refreshRevoked = true;
}

export function addGrant(em: Emu, g: Omit<GrantRec, 'id' | 'startDate'>): GrantRec | undefined {
  const dup = em.s.grants.find(
    (x) => x.kind === g.kind && x.permission === g.permission && x.context.value === g.context.value && em.subjectMatches(x.subject, g.subject) && x.target?.value === g.target?.value,
  );
  if (dup) return undefined; // "may return an error or be ignored" (uprawnienia.md): ignored
  const rec: GrantRec = { ...g, id: randomUUID(), startDate: apiDate() };
  em.s.grants.push(rec);
  em.store.touch();
  return rec;
}

export function revokeGrant(em: Emu, g: GrantRec): void {
  em.s.grants = em.s.grants.filter((x) => x.id !== g.id);
  invalidateSubject(em, g.context, g.subject);
  em.store.touch();
}

function startOperation(em: Emu, context: Identifier, work: () => Status | undefined) {
  const referenceNumber = makeReferenceNumber('EG');
  const op = { referenceNumber, created: apiDate(), context, status: { ...OP_STATUS.accepted } as Status };
  em.s.permOps[referenceNumber] = op;
  em.later(() => {
    op.status = work() ?? { ...OP_STATUS.ok };
  });
  em.store.touch();
  return json(202, { referenceNumber });
}

function page<T>(ctx: Ctx, items: T[]) {
  const pageSize = Number(ctx.query.get('pageSize') ?? 10);
  const pageOffset = Number(ctx.query.get('pageOffset') ?? 0);
  const slice = items.slice(pageOffset * pageSize, pageOffset * pageSize + pageSize);
  return { slice, hasMore: (pageOffset + 1) * pageSize < items.length };
}

const sortGrants = (a: GrantRec, b: GrantRec) => b.startDate.localeCompare(a.startDate) || a.id.localeCompare(b.id);

function entityDetails(g: GrantRec) {
  return g.subjectName ? { subjectDetailsType: 'EntityByIdentifier', fullName: g.subjectName } : undefined;
}

function personGrantView(g: GrantRec) {
  const pd = (g.subjectDetails as { personById?: { firstName: string; lastName: string }; subjectDetailsType?: string } | undefined) ?? undefined;
  return {
    id: g.id,
    authorizedIdentifier: g.subject,
    contextIdentifier: g.context,
    targetIdentifier: g.target ?? null,
    authorIdentifier: g.author.type === 'System' ? { type: 'System', value: null } : g.author,
    permissionScope: g.permission,
    description: g.description,
    ...(pd?.personById ? { subjectPersonDetails: { subjectDetailsType: pd.subjectDetailsType ?? 'PersonByIdentifier', ...pd.personById } } : {}),
    ...(g.kind === 'entity' && entityDetails(g) ? { subjectEntityDetails: entityDetails(g) } : {}),
    permissionState: 'Active',
    startDate: g.startDate,
    canDelegate: g.canDelegate,
  };
}

export function permissionRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group: 'other', handler });
  const notImpl = (method: string, template: string, name: string, what: string) =>
    ({
      ...r(method, template, `${name}!501`, () => {
        throw notImplemented(what);
      }),
      stub: true,
    }) satisfies Route;

  return [
    r('POST', '/permissions/persons/grants', 'permissions.persons.grant', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage']);
      const b = ctx.json<{ subjectIdentifier: Identifier; permissions: string[]; description: string; subjectDetails: unknown }>();
      return startOperation(em, ctxId(a), () => {
        if (b.permissions.includes('EnforcementOperations') && !em.permissionsOf(ctxId(a), subjId(a)).includes('EnforcementOperations'))
          return { code: 430, description: 'Kontekst nie odpowiada wymaganej roli lub uprawnieniu', details: ['EnforcementOperations wymaga roli organu egzekucyjnego lub komornika.'] };
        for (const p of b.permissions)
          addGrant(em, {
            kind: 'person',
            context: ctxId(a),
            subject: b.subjectIdentifier,
            permission: p,
            canDelegate: false,
            description: b.description,
            author: subjId(a),
            subjectDetails: b.subjectDetails,
          });
        return undefined;
      });
    }),
    r('POST', '/permissions/entities/grants', 'permissions.entities.grant', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage']);
      const b = ctx.json<{ subjectIdentifier: Identifier; permissions: { type: string; canDelegate?: boolean }[]; description: string; subjectDetails: { fullName: string } }>();
      return startOperation(em, ctxId(a), () => {
        if (b.subjectIdentifier.value === a.contextValue) return OP_STATUS.notAllowedForIdentifier(['Nie można nadać uprawnień podmiotowi, który jest właścicielem kontekstu.']);
        for (const p of b.permissions)
          addGrant(em, {
            kind: 'entity',
            context: ctxId(a),
            subject: b.subjectIdentifier,
            permission: p.type,
            canDelegate: !!p.canDelegate,
            description: b.description,
            author: subjId(a),
            subjectName: b.subjectDetails.fullName,
          });
        return undefined;
      });
    }),
    r('POST', '/permissions/authorizations/grants', 'permissions.authorizations.grant', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage']);
      const b = ctx.json<{ subjectIdentifier: Identifier; permission: string; description: string; subjectDetails: { fullName: string } }>();
      return startOperation(em, ctxId(a), () => {
        addGrant(em, {
          kind: 'authorization',
          context: ctxId(a),
          subject: b.subjectIdentifier,
          permission: b.permission,
          canDelegate: false,
          description: b.description,
          author: subjId(a),
          subjectName: b.subjectDetails.fullName,
        });
        return undefined;
      });
    }),
    notImpl('POST', '/permissions/indirect/grants', 'permissions.indirect.grant', 'indirect permission grants'),
    notImpl('POST', '/permissions/subunits/grants', 'permissions.subunits.grant', 'subunit administrator grants'),
    notImpl('POST', '/permissions/eu-entities/administration/grants', 'permissions.euEntities.admin.grant', 'EU entity administration grants'),
    notImpl('POST', '/permissions/eu-entities/grants', 'permissions.euEntities.grant', 'EU entity representative grants'),
    r('DELETE', '/permissions/common/grants/{permissionId}', 'permissions.common.revoke', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage', 'VatUeManage', 'SubunitManage']);
      const g = em.s.grants.find((x) => x.id === ctx.params.permissionId && x.kind !== 'authorization');
      return startOperation(em, ctxId(a), () => {
        if (!g || g.context.value !== a.contextValue) return OP_STATUS.failed(['Uprawnienie o wskazanym identyfikatorze nie istnieje w bieżącym kontekście.']);
        revokeGrant(em, g);
        return undefined;
      });
    }),
    r('DELETE', '/permissions/authorizations/grants/{permissionId}', 'permissions.authorizations.revoke', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage']);
      const g = em.s.grants.find((x) => x.id === ctx.params.permissionId && x.kind === 'authorization');
      return startOperation(em, ctxId(a), () => {
        if (!g || g.context.value !== a.contextValue) return OP_STATUS.failed(['Uprawnienie o wskazanym identyfikatorze nie istnieje w bieżącym kontekście.']);
        revokeGrant(em, g);
        return undefined;
      });
    }),
    r('GET', '/permissions/operations/{referenceNumber}', 'permissions.operation.status', (ctx) => {
      const a = ctx.auth!;
      const op = em.s.permOps[ctx.params.referenceNumber!];
      if (!op || op.context.value !== a.contextValue) throw exception(21405, `Operacja ${ctx.params.referenceNumber} nie istnieje.`);
      if (Date.now() - new Date(op.created).getTime() > OP_RETENTION_MS) throw gone();
      return json(200, { status: op.status });
    }),
    r('GET', '/permissions/attachments/status', 'permissions.attachments.status', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage', 'CredentialsRead']);
      const s = em.s.attachmentsAllowed[a.contextValue];
      return json(200, { isAttachmentAllowed: !!s?.allowed, revokedDate: s?.revokedDate ?? null });
    }),
    // ---- queries ----
    r('POST', '/permissions/query/personal/grants', 'permissions.query.personal', (ctx) => {
      const a = ctx.auth!;
      const b = ctx.json<{ contextIdentifier?: Identifier | null; targetIdentifier?: Identifier | null; permissionTypes?: string[] | null; permissionState?: string | null }>();
      // The caller's own permissions everywhere (direct and via grants to its NIP); owner rights are never listed.
      let items = em.s.grants.filter((g) => em.subjectMatches(g.subject, subjId(a)) && g.kind !== 'authorization');
      if (b.contextIdentifier) items = items.filter((g) => g.context.value === b.contextIdentifier!.value);
      if (b.permissionTypes?.length) items = items.filter((g) => b.permissionTypes!.includes(g.permission));
      if (b.permissionState === 'Inactive') items = [];
      items.sort(sortGrants);
      const { slice, hasMore } = page(ctx, items);
      return json(200, {
        permissions: slice.map((g) => ({
          id: g.id,
          contextIdentifier: g.context,
          authorizedIdentifier: g.subject.type === 'Nip' ? g.subject : null,
          targetIdentifier: g.target ?? null,
          permissionScope: g.permission,
          description: g.description,
          ...(g.kind === 'entity' && entityDetails(g) ? { subjectEntityDetails: entityDetails(g) } : {}),
          permissionState: 'Active',
          startDate: g.startDate,
          canDelegate: g.canDelegate,
        })),
        hasMore,
      });
    }),
    r('POST', '/permissions/query/persons/grants', 'permissions.query.persons', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage', 'CredentialsRead', 'SubunitManage']);
      const b = ctx.json<{
        queryType: string;
        authorIdentifier?: { type: string; value?: string | null } | null;
        authorizedIdentifier?: Identifier | null;
        permissionTypes?: string[] | null;
        permissionState?: string | null;
      }>();
      let items = em.s.grants.filter((g) => g.context.value === a.contextValue && (g.kind === 'person' || g.kind === 'entity' || g.kind === 'testdata'));
      if (b.queryType === 'PermissionsGrantedInCurrentContext') items = items.filter((g) => g.author.type !== 'System');
      if (b.authorIdentifier) items = items.filter((g) => g.author.type === b.authorIdentifier!.type && (b.authorIdentifier!.type === 'System' || g.author.value === b.authorIdentifier!.value));
      if (b.authorizedIdentifier) items = items.filter((g) => em.subjectMatches(g.subject, b.authorizedIdentifier!));
      if (b.permissionTypes?.length) items = items.filter((g) => b.permissionTypes!.includes(g.permission));
      if (b.permissionState === 'Inactive') items = [];
      items.sort(sortGrants);
      const { slice, hasMore } = page(ctx, items);
      return json(200, { permissions: slice.map(personGrantView), hasMore });
    }),
    r('POST', '/permissions/query/entities/grants', 'permissions.query.entities', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage', 'CredentialsRead']);
      const b = ctx.json<{ contextIdentifier?: Identifier | null }>();
      // Entity permissions the current context RECEIVED from others (added in 2.2.0).
      let items = em.s.grants.filter((g) => g.kind === 'entity' && g.subject.type === 'Nip' && g.subject.value === a.contextValue);
      if (b.contextIdentifier) items = items.filter((g) => g.context.value === b.contextIdentifier!.value);
      items.sort(sortGrants);
      const { slice, hasMore } = page(ctx, items);
      return json(200, {
        permissions: slice.map((g) => ({ id: g.id, contextIdentifier: g.context, permissionScope: g.permission, description: g.description, startDate: g.startDate, canDelegate: g.canDelegate })),
        hasMore,
      });
    }),
    r('POST', '/permissions/query/authorizations/grants', 'permissions.query.authorizations', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage', 'CredentialsRead', 'PefInvoiceWrite']);
      const b = ctx.json<{ queryType: string; authorizingIdentifier?: Identifier | null; authorizedIdentifier?: Identifier | null; permissionTypes?: string[] | null }>();
      let items = em.s.grants.filter((g) => g.kind === 'authorization' && (b.queryType === 'Granted' ? g.context.value === a.contextValue : g.subject.value === a.contextValue));
      if (b.authorizingIdentifier) items = items.filter((g) => g.context.value === b.authorizingIdentifier!.value);
      if (b.authorizedIdentifier) items = items.filter((g) => g.subject.value === b.authorizedIdentifier!.value);
      if (b.permissionTypes?.length) items = items.filter((g) => b.permissionTypes!.includes(g.permission));
      items.sort(sortGrants);
      const { slice, hasMore } = page(ctx, items);
      return json(200, {
        authorizationGrants: slice.map((g) => ({
          id: g.id,
          authorIdentifier: g.author.type === 'System' ? undefined : g.author,
          authorizedEntityIdentifier: g.subject,
          authorizingEntityIdentifier: g.context,
          authorizationScope: g.permission,
          description: g.description,
          ...(g.subjectName ? { subjectEntityDetails: { subjectDetailsType: 'EntityByIdentifier', fullName: g.subjectName } } : {}),
          startDate: g.startDate,
        })),
        hasMore,
      });
    }),
    r('GET', '/permissions/query/entities/roles', 'permissions.query.roles', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['CredentialsManage', 'CredentialsRead']);
      const roles: { role: string; description: string; startDate: string; parentEntityIdentifier?: Identifier }[] = [];
      const subj = em.s.subjects[a.contextValue];
      const roleOf: Record<string, string> = { EnforcementAuthority: 'EnforcementAuthority', VatGroup: 'VatGroupUnit', JST: 'LocalGovernmentUnit' };
      if (subj) roles.push({ role: roleOf[subj.subjectType] ?? subj.subjectType, description: subj.description, startDate: apiDate() });
      for (const parent of Object.values(em.s.subjects))
        if (parent.subunits.some((u) => u.subjectNip === a.contextValue))
          roles.push({
            role: parent.subjectType === 'VatGroup' ? 'VatGroupSubUnit' : 'LocalGovernmentSubUnit',
            description: parent.description,
            startDate: apiDate(),
            parentEntityIdentifier: { type: 'Nip', value: parent.nip },
          });
      if (em.s.persons[a.contextValue]?.isBailiff) roles.push({ role: 'CourtBailiff', description: 'Komornik sądowy', startDate: apiDate() });
      const { slice, hasMore } = page(ctx, roles);
      return json(200, { roles: slice, hasMore });
    }),
    notImpl('POST', '/permissions/query/subunits/grants', 'permissions.query.subunits', 'subunit administrator queries'),
    notImpl('POST', '/permissions/query/subordinate-entities/roles', 'permissions.query.subordinateRoles', 'subordinate entity role queries'),
    notImpl('POST', '/permissions/query/eu-entities/grants', 'permissions.query.euEntities', 'EU entity permission queries'),
  ];
}
