import 'server-only';
import { z } from 'zod';
import { rawDb, Prisma } from '@/lib/db/client';
import { AppError } from '../errors';
import { companyNameSchema, emailSchema, nipSchema, passwordSchema } from '../validation';
import { hashPassword } from './password';
import { createDefaultSeries } from '../tenants/create-tenant';

export const signUpInput = z.object({
  name: z.string().trim().max(120).default(''),
  email: emailSchema,
  password: passwordSchema,
  nip: nipSchema,
  companyName: companyNameSchema,
});

/** A new user and their first company, of which they are the owner. */
export async function signUp(input: unknown) {
  const data = signUpInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await rawDb().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash } });
      const tenant = await tx.tenant.create({ data: { nip: data.nip, name: data.companyName } });
      await tx.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: 'OWNER' } });
      await createDefaultSeries(tx, tenant.id);
      return { userId: user.id, tenantId: tenant.id };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new AppError({ code: 'CONFLICT', messageKey: 'validation.emailTaken', field: 'email' });
    }
    throw e;
  }
}
