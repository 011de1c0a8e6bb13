import type { validationPl } from './validation.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type ValidationMessages = Widen<typeof validationPl>;
