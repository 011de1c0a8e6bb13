import type { purchasesPl } from './purchases.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type PurchasesMessages = Widen<typeof purchasesPl>;
