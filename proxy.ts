import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newCspNonce } from './lib/security-headers';

const PUBLIC = [/^\/login/, /^\/signup/, /^\/forgot-password$/, /^\/reset-password\//, /^\/dev\/outbox/, /^\/invite\//, /^\/api\/auth\//, /^\/api\/health/];
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const dev = process.env.NODE_ENV !== 'production';

/**
 * On every request but static files:
 * - pages get a fresh CSP nonce (lib/security-headers.ts), passed to Next.js in the request's CSP
 *   header, so only the scripts Next.js rendered for this response run;
 * - signed-out visitors of app pages go to /login, keeping where they wanted to go. Only the
 *   cookie's presence is checked here: every page, action and route handler verifies the session
 *   itself, and the use cases check membership and role.
 */
export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const isApi = path.startsWith('/api/');
  if (!PUBLIC.some((p) => p.test(path)) && !SESSION_COOKIES.some((c) => req.cookies.has(c))) {
    if (isApi) return NextResponse.json({ error: 'UNAUTHENTICATED', reason: 'errors.unauthenticated' }, { status: 401 });
    const url = new URL('/login', req.nextUrl.origin);
    if (path !== '/') url.searchParams.set('next', path + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  // JSON, PDF and XML answers render no HTML: the baseline CSP of next.config.ts covers them.
  if (isApi) return NextResponse.next();
  const csp = contentSecurityPolicy(newCspNonce(), { dev });
  const headers = new Headers(req.headers);
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

// Static files (/_next/static, images, fonts, robots.txt, favicon) never reach the proxy.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|robots.txt|fonts/).*)' }],
};
