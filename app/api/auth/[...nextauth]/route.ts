import { handlers } from '@/lib/auth';
import { clientIp, loginRetryAfter } from '@/lib/server/auth/login-throttle';

export const { GET } = handlers;

/** next-auth's own credentials endpoint is throttled like the sign-in form, with Retry-After. */
export async function POST(request: Request) {
  if (new URL(request.url).pathname.endsWith('/callback/credentials')) {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = form?.get('email');
    const wait = typeof email === 'string' ? await loginRetryAfter({ email, ip: clientIp(request.headers) }) : 0;
    if (wait > 0) {
      return Response.json({ error: 'Too many failed sign-ins', retryAfterSeconds: wait }, { status: 429, headers: { 'Retry-After': String(wait) } });
    }
  }
  return handlers.POST(request as never);
}
