import type { invoicesPl } from './invoices.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type InvoicesMessages = Widen<typeof invoicesPl>;
