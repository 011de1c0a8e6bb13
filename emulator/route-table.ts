/**
 * The emulator's route table: every implemented operation, plus a 501 stub for each operation of
 * open-api.json without a handler (never a fake success), and the coverage report the admin API shows.
 */
import { authRoutes } from './auth';
import { batchRoutes } from './batch';
import { collectiveRoutes } from './collective';
import type { Emu } from './core';
import type { CompiledRoute, Route } from './http';
import { compileRoute, notImplemented } from './http';
import { invoiceRoutes } from './invoices';
import { limitsRoutes } from './limits';
import { specOperations } from './openapi';
import { permissionRoutes } from './permissions';
import { sessionRoutes } from './sessions';
import { testdataRoutes } from './testdata';
import { tokenRoutes } from './tokens';

export interface OperationsReport {
  spec: number;
  implemented: number;
  notImplemented: string[];
  /** Implemented operations with their rate-limit group ('public' = per IP, the `anonymous` group). */
  routes: { name: string; operation: string; group: string }[];
}

export interface RouteTable {
  routes: CompiledRoute[];
  /** GET /__admin/operations: which operations of the spec the emulator implements. */
  operations(): OperationsReport;
}

const operationOf = (r: Route) => `${r.method} ${r.template}`;

function isStub(r: Route): boolean {
  return !!r.stub;
}

function implementedRoutes(em: Emu): Route[] {
  return [
    ...authRoutes(em),
    ...permissionRoutes(em),
    ...testdataRoutes(em),
    ...limitsRoutes(em),
    ...sessionRoutes(em),
    ...batchRoutes(em),
    ...invoiceRoutes(em),
    ...tokenRoutes(em),
    ...collectiveRoutes(em),
  ];
}

/** A 501 route for every operation of the spec that no handler serves. */
function unimplementedRoutes(implemented: Route[]): Route[] {
  const have = new Set(implemented.map(operationOf));
  return specOperations()
    .filter((op) => !have.has(op))
    .map((op) => {
      const [method, template] = op.split(' ') as [string, string];
      return {
        method,
        template,
        name: `unimplemented:${op}`,
        stub: true,
        auth: 'none',
        group: 'other',
        validateBody: false,
        handler: () => {
          throw notImplemented(op);
        },
      };
    });
}

export function buildRouteTable(em: Emu): RouteTable {
  const implemented = implementedRoutes(em);
  const missing = unimplementedRoutes(implemented);
  const notImplementedOps = [...implemented.filter((r) => isStub(r)).map(operationOf), ...missing.map(operationOf)];
  return {
    routes: [...implemented, ...missing].map(compileRoute),
    operations: () => ({
      spec: specOperations().length,
      implemented: specOperations().length - notImplementedOps.length,
      notImplemented: notImplementedOps.sort(),
      routes: implemented.filter((r) => !isStub(r)).map((r) => ({ name: r.name, operation: operationOf(r), group: r.group })),
    }),
  };
}
