import type { Emu } from './core';
import type { Route } from './http';
export function sessionRoutes(_em: Emu): Route[] { return []; }
export function resumePending(_em: Emu): void {}
