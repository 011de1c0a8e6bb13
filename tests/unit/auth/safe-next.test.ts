import { describe, expect, it } from 'vitest';
import { safeNext } from '@/lib/auth/safe-next';

describe('safeNext: after sign-in only to a path of this app', () => {
  it('keeps paths with their query and fragment', () => {
    expect(safeNext('/invoices/abc?x=1#top')).toBe('/invoices/abc?x=1#top');
    expect(safeNext('/settings/ksef')).toBe('/settings/ksef');
  });

  it.each(['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '\\\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, 42, 'invoices'])(
    'refuses %j',
    (next) => {
      expect(safeNext(next)).toBe('/invoices');
    },
  );
});
