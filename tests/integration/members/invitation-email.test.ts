/** An invitation goes to the invitee by e-mail (a real SMTP server here); a refused address costs no invitation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteMember } from '@/lib/server/members/invite-member';
import { createTenantWithOwner } from '../../support/factories';
import { startTestSmtp } from '../../support/smtp';

let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
beforeAll(async () => {
  smtp = await startTestSmtp({ appUrl: 'https://faktury.example.pl' });
});
afterAll(async () => smtp?.close());

describe('invitation e-mail', () => {
  it('carries the company, the role and the same single-use link the owner sees', async () => {
    const { actor, nip } = await createTenantWithOwner('Zapraszająca Sp. z o.o.');
    const inv = await inviteMember(actor, { email: 'nowa.osoba@example.com', role: 'ACCOUNTANT' });
    expect(inv.emailed).toBe(true);
    const mail = (await smtp.received()).find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text === 'nowa.osoba@example.com'))!;
    expect(mail.subject).toBe('Zaproszenie do firmy Zapraszająca Sp. z o.o. w KSeF Faktury');
    expect(mail.text).toContain(`https://faktury.example.pl/invite/${inv.token}`);
    expect(mail.text).toContain('z rolą: Księgowy');
    expect(mail.text).toContain(`${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)}-${nip.slice(8)}`);
  });

  it('a refused address: the invitation stands, the owner is told and has the link', async () => {
    const { actor } = await createTenantWithOwner();
    smtp.refuse({ code: 550, message: 'No such user' });
    const before = (await smtp.received()).length;
    const inv = await inviteMember(actor, { email: 'nie-ma-takiego@example.com', role: 'VIEWER' });
    expect(inv).toMatchObject({ emailed: false, email: 'nie-ma-takiego@example.com' });
    expect(inv.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await smtp.received()).length).toBe(before);
    smtp.refuse(null);
  });
});
