/**
 * What a server action returns to its form: i18n keys, rendered next to the field. The contract
 * between app/ (the actions, app/_lib/action-result.ts) and components/ (the forms), so it lives
 * below both: components never import app/.
 */
import type { MessageParams } from '@/lib/i18n';

export type ActionState<T = unknown> =
  | { ok: true; data?: T; message?: string }
  | {
      ok: false;
      fieldErrors: Record<string, string>;
      formError?: string;
      /** Parameters of the message (dates, NIPs, a message of KSeF's), for the form error or the one field error. */
      formParams?: MessageParams;
      /** What the user typed (never passwords): React resets a form after its action, this refills it. */
      values?: Record<string, string>;
    }
  | null;
