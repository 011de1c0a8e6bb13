import type { IncomingHttpHeaders } from 'node:http';
import type { Emu } from './core';
import type { Reply, Route } from './http';
export function batchRoutes(_em: Emu): Route[] { return []; }
export function handleStorage(_em: Emu, _m: string, _p: string, _q: URLSearchParams, _b: Buffer, _h: IncomingHttpHeaders): Reply { return { status: 404 }; }
