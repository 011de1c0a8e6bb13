/**
 * „Nie pamiętam hasła” through a real SMTP server: the same answer for everyone, a single-use link
 * valid for an hour that only the latest e-mail carries, at most three an hour, every session ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { isResetLinkValid, requestPasswordReset, resetPassword, RESET_LINKS_PER_HOUR } from '@/lib/server/auth/password-reset';
import { verifyCredentials } from '@/lib/server/auth/verify-credentials';
import { signUp } from '@/lib/server/auth/sign-up';
import { uniqueNip } from '../../support/nip';
import { startTestSmtp } from '../../support/smtp';

let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  smtp = await startTestSmtp({ appUrl: 'https://faktury.example.pl' });
});
afterAll(async () => smtp?.close());

async function account(locale: 'pl' | 'en' = 'pl') {
  const nip = uniqueNip();
  const email = `reset-${nip}@example.com`;
  const { userId } = await signUp({ email, password: 'stare-haslo-123', nip, companyName: 'Reset Sp. z o.o.' });
  await rawDb().user.update({ where: { id: userId }, data: { locale } });
  return { email, userId };
}

const LINK = /https:\/\/faktury\.example\.pl\/reset-password\/([A-Za-z0-9_-]{43})\b/;
async function mailsTo(email: string) {
  return (await smtp.received()).filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes(email)));
}
async function request(email: string, now?: Date) {
  const { delivery } = await requestPasswordReset({ email }, now);
  await delivery;
}

describe('password reset', () => {
  it('e-mails a link built on APP_URL; only its hash is stored; it sets the password once and ends every session', async () => {
    const { email, userId } = await account();
    const before = await rawDb().user.findUniqueOrThrow({ where: { id: userId } });
    await request(`  ${email.toUpperCase()} `);
    const [mail, ...more] = await mailsTo(email);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe('Ustaw nowe hasło w KSeF Faktury');
    const token = LINK.exec(mail!.text ?? '')![1]!;
    expect(mail!.text).toContain('czasu polskiego');
    const stored = await rawDb().passwordResetToken.findMany({ where: { userId } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await isResetLinkValid(token)).toBe(true);

    // Too short: refused at the field, and the link still works.
    await expect(resetPassword({ token, password: 'krotkie' })).rejects.toMatchObject({ field: 'password', messageKey: 'validation.passwordLength' });
    expect(await isResetLinkValid(token)).toBe(true);

    await expect(resetPassword({ token, password: 'nowe-haslo-456' })).resolves.toEqual({ email });
    expect(await verifyCredentials(email, 'nowe-haslo-456')).toMatchObject({ id: userId });
    expect(await verifyCredentials(email, 'stare-haslo-123')).toBeNull();
    expect((await rawDb().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion).toBe(before.sessionVersion + 1);
    // Once.
    await expect(resetPassword({ token, password: 'trzecie-haslo-789' })).rejects.toMatchObject({ messageKey: 'passwordReset.invalidLink' });
    expect(await isResetLinkValid(token)).toBe(false);
  });

  it('answers alike for an unknown address and sends nothing', async () => {
    const before = (await smtp.received()).length;
    await expect(requestPasswordReset({ email: 'nikt-taki@example.com' })).resolves.toHaveProperty('delivery');
    await request('nikt-taki@example.com');
    expect((await smtp.received()).length).toBe(before);
    await expect(requestPasswordReset({ email: 'to nie e-mail' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['email'] })] });
  });

  it('a newer link voids the older; a link expires after an hour; at most three an hour; English for an English user', async () => {
    const { email } = await account('en');
    const t0 = new Date();
    await request(email, t0);
    await request(email, new Date(t0.getTime() + 1000));
    const [first, second] = (await mailsTo(email)).map((m) => LINK.exec(m.text ?? '')![1]!);
    expect((await mailsTo(email))[0]!.subject).toBe('Set a new password in KSeF Faktury');
    expect(await isResetLinkValid(first!)).toBe(false);
    expect(await isResetLinkValid(second!)).toBe(true);
    expect(await isResetLinkValid(second!, new Date(t0.getTime() + 61 * 60_000))).toBe(false);
    await expect(resetPassword({ token: second, password: 'nowe-haslo-456' }, new Date(t0.getTime() + 61 * 60_000))).rejects.toMatchObject({ messageKey: 'passwordReset.invalidLink' });

    for (let i = 2; i < RESET_LINKS_PER_HOUR + 2; i++) await request(email, new Date(t0.getTime() + i * 1000));
    expect(await mailsTo(email)).toHaveLength(RESET_LINKS_PER_HOUR);
    // An hour later the allowance is back.
    await request(email, new Date(t0.getTime() + 61 * 60_000));
    expect(await mailsTo(email)).toHaveLength(RESET_LINKS_PER_HOUR + 1);
  });

  it('two tabs using one link at once: exactly one sets the password', async () => {
    const { email } = await account();
    await request(email);
    const token = LINK.exec((await mailsTo(email))[0]!.text ?? '')![1]!;
    const results = await Promise.allSettled([resetPassword({ token, password: 'pierwsze-haslo-1' }), resetPassword({ token, password: 'drugie-haslo-22' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const won = results[0]!.status === 'fulfilled' ? 'pierwsze-haslo-1' : 'drugie-haslo-22';
    expect(await verifyCredentials(email, won)).not.toBeNull();
  });

  it('a mail server that refuses is logged, and the answer is still the same', async () => {
    const { email } = await account();
    smtp.refuse({ code: 550, message: 'Mailbox unavailable' });
    await expect(request(email)).resolves.toBeUndefined();
    expect(await mailsTo(email)).toHaveLength(0);
    smtp.refuse(null);
  });
});
