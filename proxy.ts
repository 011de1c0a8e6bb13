import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authConfig } from '@/lib/auth/config';

const { auth } = NextAuth(authConfig);

const PUBLIC = [/^\/login/, /^\/signup/, /^\/invite\//, /^\/api\/auth\//, /^\/api\/health/];

/** Signed-out visitors of app pages go to /login; authorisation proper happens in the use cases. */
export const proxy = auth((req) => {
  const path = req.nextUrl.pathname;
  if (PUBLIC.some((p) => p.test(path)) || req.auth?.user) return NextResponse.next();
  if (path.startsWith('/api/')) return NextResponse.json({ error: 'UNAUTHENTICATED' }, { status: 401 });
  const url = new URL('/login', req.nextUrl.origin);
  if (path !== '/') url.searchParams.set('next', path + req.nextUrl.search);
  return NextResponse.redirect(url);
});

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico|fonts/).*)'] };
