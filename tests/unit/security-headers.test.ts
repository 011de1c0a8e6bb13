import { describe, expect, it, vi } from 'vitest';
import { HSTS, NO_HSTS_HOSTS } from '@/lib/security-headers';

describe('security headers config', () => {
  it('production sends HSTS except to localhost names and IP literals', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { default: config } = await import('../../next.config');
    const rules = await config.headers!();
    const hsts = rules.find((r) => r.headers.some((h) => h.key === HSTS.key))!;
    expect(hsts.source).toBe('/:path*');
    expect(hsts.missing).toEqual([{ type: 'host', value: NO_HSTS_HOSTS }]);
    // Next.js anchors the pattern (^…$) when it matches the host.
    const local = new RegExp(`^${NO_HSTS_HOSTS}$`);
    for (const h of ['localhost', 'app.localhost', '127.0.0.1', '10.0.0.7', '[']) expect(local.test(h)).toBe(true);
    for (const h of ['faktury.example.pl', 'localhost.example.com', '127.0.0.1.nip.io']) expect(local.test(h)).toBe(false);
    vi.unstubAllEnvs();
  });
});
