import type { purchasesPl } from './purchases.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** `inv.el` extends the PDF renderer's element labels (a Record), so its keys are open beyond the listed ones. */
export type PurchasesMessages = Widen<typeof purchasesPl> & { purchases: { inv: { el: Record<string, string> } } };
