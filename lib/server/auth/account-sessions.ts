import 'server-only';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { AppError } from '../errors';
import { passwordSchema } from '../validation';
import { hashPassword, verifyPassword } from './password';

const changePasswordInput = z.object({ currentPassword: z.string().min(1, 'auth.currentPasswordRequired').max(200), newPassword: passwordSchema });

/**
 * A new password, after the current one is proven; every session of the user ends (their tokens
 * carry the old session version). Returns the e-mail, so the caller can sign this browser in again.
 */
export async function changePassword(userId: string, input: unknown): Promise<{ email: string }> {
  const data = changePasswordInput.parse(input);
  const user = await rawDb().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, data.currentPassword))) throw new AppError({ code: 'VALIDATION', messageKey: 'auth.currentPasswordWrong', field: 'currentPassword' });
  await rawDb().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(data.newPassword), sessionVersion: { increment: 1 } } });
  return { email: user.email };
}

/** „Wyloguj wszędzie”: every session token of this user stops working at its next request. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await rawDb().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
