import { rawDb } from '@/lib/db/client';
import { hashPassword, verifyPassword } from './password';
import { emailSchema } from '../validation';

// A real hash to verify against when the email is unknown, so timing does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;

export async function verifyCredentials(email: unknown, password: unknown): Promise<{ id: string; email: string; name: string } | null> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success || typeof password !== 'string' || password.length > 200) return null;
  const user = await rawDb().user.findUnique({ where: { email: parsedEmail.data } });
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-never-matches');
    await verifyPassword(await decoyHash, password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? { id: user.id, email: user.email, name: user.name } : null;
}
