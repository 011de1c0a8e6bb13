import type { auditLogPl } from './audit.pl';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type AuditLogMessages = Widen<typeof auditLogPl>;
