import type { reasonsPl } from './reasons.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type ReasonsMessages = Widen<typeof reasonsPl>;
