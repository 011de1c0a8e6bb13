import type { paymentsPl } from './payments.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type PaymentsMessages = Widen<typeof paymentsPl>;
