import type { mailPl } from './mail.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type MailMessages = Widen<typeof mailPl>;
