import type { Emu } from './core';
import type { Route } from './http';
export function invoiceRoutes(_em: Emu): Route[] { return []; }
