import { NextResponse, type NextRequest } from 'next/server';

const PUBLIC = [/^\/login/, /^\/signup/, /^\/invite\//, /^\/api\/auth\//, /^\/api\/health/];
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

/**
 * Sends signed-out visitors of app pages to /login, keeping where they wanted to go. Only the
 * cookie's presence is checked here (cheap, on every request): every page, action and route
 * handler verifies the session itself and the use cases check membership and role.
 */
export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  if (PUBLIC.some((p) => p.test(path)) || SESSION_COOKIES.some((c) => req.cookies.has(c))) return NextResponse.next();
  if (path.startsWith('/api/')) return NextResponse.json({ error: 'UNAUTHENTICATED', reason: 'errors.unauthenticated' }, { status: 401 });
  const url = new URL('/login', req.nextUrl.origin);
  if (path !== '/') url.searchParams.set('next', path + req.nextUrl.search);
  return NextResponse.redirect(url);
}

// Static files (/_next, fonts, robots.txt, favicon) never reach the proxy, nor does any request that
// carries a session cookie: it has nothing to do for those, and skipping it saves work on every page.
export const config = {
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|robots.txt|fonts/).*)',
      // Literal (Next.js reads this config statically): the names in SESSION_COOKIES.
      missing: [
        { type: 'cookie', key: 'authjs.session-token' },
        { type: 'cookie', key: '__Secure-authjs.session-token' },
      ],
    },
  ],
};
