'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { AppError } from '@/lib/server/errors';
import { uploadOwnCertificate } from '@/lib/server/own-certificate/upload-own-certificate';
import { removeOwnCertificate } from '@/lib/server/own-certificate/remove-own-certificate';
import { setKsefAccessMode } from '@/lib/server/own-certificate/set-ksef-access-mode';
import { testOwnCertificate } from '@/lib/server/own-certificate/test-own-certificate';
import type { UploadInput } from '@/lib/server/own-certificate/parse-upload';
import { runAction, type ActionState, asForm } from '@/app/_lib/action-result';

const MAX_FILE_BYTES = 64 * 1024;

async function fileBytes(form: FormData, field: string, requiredKey: string): Promise<Uint8Array> {
  const f = form.get(field);
  if (!(f instanceof File) || f.size === 0) throw new AppError({ code: 'VALIDATION', messageKey: requiredKey, field });
  if (f.size > MAX_FILE_BYTES) throw new AppError({ code: 'VALIDATION', messageKey: 'certificates.errors.tooLarge', field });
  return new Uint8Array(await f.arrayBuffer());
}

const revalidate = () => {
  revalidatePath('/settings/certificate');
  revalidatePath('/settings/ksef');
};

export async function uploadOwnCertificateAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  // Files and passwords go straight to the use case: never echoed back, never logged.
  const result = await runAction(async () => {
    const input: UploadInput =
      form.get('format') === 'P12'
        ? { format: 'P12', p12: await fileBytes(form, 'p12File', 'certificates.errors.p12Required'), password: String(form.get('p12Password') ?? '') }
        : {
            format: 'PEM',
            certificate: await fileBytes(form, 'certificateFile', 'certificates.errors.certificateRequired'),
            privateKey: await fileBytes(form, 'keyFile', 'certificates.errors.keyRequired'),
            keyPassword: String(form.get('keyPassword') ?? ''),
          };
    const r = await uploadOwnCertificate(actor, input);
    return { fingerprint: r.fingerprint, replaced: r.replaced };
  });
  revalidate();
  return result?.ok ? { ok: true, message: 'certificates.uploaded' } : result;
}

export async function setKsefAccessModeAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const result = await runAction(async () => {
    await setKsefAccessMode(actor, String(form.get('mode') ?? ''));
  });
  revalidate();
  return result?.ok ? { ok: true, message: 'certificates.switched' } : result;
}

export async function testOwnCertificateAction(): Promise<ActionState> {
  const { actor } = await requireActor();
  const result = await runAction(async () => {
    const r = await testOwnCertificate(actor);
    return { permissions: r.permissions.join(', ') || '—' };
  });
  revalidate();
  return result;
}

export async function removeOwnCertificateAction(): Promise<ActionState> {
  const { actor } = await requireActor();
  const result = await runAction(() => removeOwnCertificate(actor));
  revalidate();
  return result?.ok ? { ok: true, message: 'certificates.removed' } : result;
}
