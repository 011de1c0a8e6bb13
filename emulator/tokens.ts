import type { Emu } from './core';
import type { Route } from './http';
export function tokenRoutes(_em: Emu): Route[] { return []; }
