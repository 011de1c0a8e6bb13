/**
 * In-memory state of the emulator, optionally persisted to a JSON file (debounced, atomic rename) so a
 * dev restart keeps contexts, grants, sessions and invoices. Plain serialisable records only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PublishedKey } from './crypto';

export interface Status {
  code: number;
  description: string;
  details?: string[] | null;
  extensions?: Record<string, string | null> | null;
}

export interface Identifier {
  type: string;
  value: string;
}

export interface ChallengeRec {
  challenge: string;
  timestampMs: number;
  clientIp: string;
  used: boolean;
}

export interface AuthOpRec {
  referenceNumber: string;
  startDate: string;
  method: 'xades' | 'token';
  methodInfo: { category: string; code: string; displayName: string };
  authenticationMethod: string;
  status: Status;
  context: Identifier;
  /** Subject: Nip / Pesel / Fingerprint. */
  subject: Identifier;
  /** SHA-256 of the signed document (UPO `SkrotDokumentuUwierzytelniajacego`), or the KSeF token reference. */
  documentHash?: string;
  ksefTokenRef?: string;
  allowedIps?: { ip4Addresses: string[]; ip4Ranges: string[]; ip4Masks: string[] };
  operationTokenJti: string;
  operationTokenValidUntil: string;
  redeemed: boolean;
  lastTokenRefreshDate?: string;
  refreshTokenValidUntil?: string;
  refreshTokenJti?: string;
  /** Refresh tokens of this authentication no longer work (session revoked, or a grant revoked). */
  refreshRevoked?: boolean;
  permissionsAtAuth?: string[];
}

export interface GrantRec {
  id: string;
  /** person | entity | authorization | indirect | subunit | euAdmin | euRep | testdata */
  kind: string;
  context: Identifier;
  subject: Identifier;
  permission: string;
  canDelegate: boolean;
  description: string;
  startDate: string;
  author: Identifier;
  subjectName?: string;
  subjectDetails?: unknown;
  target?: Identifier;
}

export interface PermOpRec {
  referenceNumber: string;
  created: string;
  context: Identifier;
  status: Status;
}

export interface SessionRec {
  referenceNumber: string;
  type: 'Online' | 'Batch';
  context: Identifier;
  subject: Identifier;
  authRef: string;
  formCode: { systemCode: string; schemaVersion: string; value: string };
  keyB64?: string;
  ivB64: string;
  status: Status;
  dateCreated: string;
  dateUpdated: string;
  validUntil: string;
  invoiceRefs: string[];
  upoPages: { referenceNumber: string; from: number; to: number }[];
  offlineMode: boolean;
  /** Opened with `X-KSeF-Feature: subject-identifier-validation` (API 2.8.0): NIP checksums of the parties are checked. */
  subjectIdentifierValidation?: boolean;
  batch?: {
    fileSize: number;
    fileHash: string;
    compressionType: string;
    parts: { ordinalNumber: number; fileSize: number; fileHash: string; uploadToken: string; uploadedB64?: string }[];
    uploadDeadline: string;
  };
}

export interface InvoiceRec {
  referenceNumber: string;
  sessionRef: string;
  ordinalNumber: number;
  invoiceHash: string;
  invoiceSize: number;
  encryptedB64?: string;
  fileName?: string;
  status: Status;
  invoiceNumber?: string;
  ksefNumber?: string;
  invoicingDate: string;
  acquisitionDate?: string;
  permanentStorageDate?: string;
  invoicingMode: 'Online' | 'Offline';
  offlineMode: boolean;
  hashOfCorrectedInvoice?: string;
  /** The original XML (Base64), kept once accepted. */
  xmlB64?: string;
  meta?: InvoiceMeta;
  upoToken?: string;
}

export interface InvoiceMeta {
  sellerNip: string;
  sellerName?: string;
  buyer: { type: string; value?: string; name?: string };
  thirdSubjects: { type: string; value?: string; name?: string; role: number }[];
  authorizedSubject?: { nip: string; name?: string; role: number };
  issueDate: string;
  invoiceNumber: string;
  kind: string;
  currency: string;
  netAmount: number;
  grossAmount: number;
  vatAmount: number;
  hasAttachment: boolean;
  isSelfInvoicing: boolean;
}

export interface KsefTokenRec {
  referenceNumber: string;
  token: string;
  author: Identifier;
  context: Identifier;
  description: string;
  requestedPermissions: string[];
  dateCreated: string;
  lastUseDate?: string;
  status: 'Pending' | 'Active' | 'Revoking' | 'Revoked' | 'Failed';
}

export interface ExportRec {
  referenceNumber: string;
  context: Identifier;
  created: string;
  status: Status;
  completedDate?: string;
  packageExpirationDate?: string;
  package?: Record<string, unknown>;
  parts?: { ordinalNumber: number; token: string; dataB64: string; partSize: number; partHash: string; encryptedPartSize: number; encryptedPartHash: string }[];
}

/** A collective identifier (IZ, API 2.7): invoices of one seller under one number, made in `context`. */
export interface CollectiveRec {
  number: string;
  context: Identifier;
  sellerNip: string;
  dateCreated: string;
  invoices: { ksefNumber: string; payment: { amount: number; currency: string } | null; description: string | null }[];
}

export interface TestSubject {
  nip: string;
  subjectType: string;
  description: string;
  subunits: { subjectNip: string; description: string }[];
}

export interface TestPerson {
  nip: string;
  pesel: string;
  isBailiff: boolean;
  isDeceased: boolean;
  description: string;
}

export interface StateData {
  secret: string;
  keys: PublishedKey[];
  challenges: Record<string, ChallengeRec>;
  authOps: Record<string, AuthOpRec>;
  grants: GrantRec[];
  permOps: Record<string, PermOpRec>;
  sessions: Record<string, SessionRec>;
  invoices: Record<string, InvoiceRec>;
  /** KSeF number → invoice reference. */
  ksefIndex: Record<string, string>;
  /** `${sellerNip}|${kind}|${P_2}` → invoice reference (duplicate detection, weryfikacja-faktury.md). */
  dupIndex: Record<string, string>;
  tokens: Record<string, KsefTokenRec>;
  exports: Record<string, ExportRec>;
  /** Collective identifiers by number. */
  collectiveIds: Record<string, CollectiveRec>;
  subjects: Record<string, TestSubject>;
  persons: Record<string, TestPerson>;
  attachmentsAllowed: Record<string, { allowed: boolean; revokedDate?: string }>;
  blockedContexts: Record<string, boolean>;
  /** Per context: session limits override (testdata/limits/context/session). */
  contextLimits: Record<string, unknown>;
  subjectLimits: Record<string, unknown>;
  /** Per context: rate-limit override (testdata/rate-limits). */
  rateLimitOverrides: Record<string, Record<string, { perSecond: number; perMinute: number; perHour: number }>>;
  /** Access tokens issued before this instant (ms) are expired: key `*` or a context value. */
  tokensInvalidBefore: Record<string, number>;
  refreshInvalidBefore: Record<string, number>;
}

export function emptyState(keys: PublishedKey[]): StateData {
  return {
    secret: randomBytes(32).toString('hex'),
    keys,
    challenges: {},
    authOps: {},
    grants: [],
    permOps: {},
    sessions: {},
    invoices: {},
    ksefIndex: {},
    dupIndex: {},
    tokens: {},
    exports: {},
    collectiveIds: {},
    subjects: {},
    persons: {},
    attachmentsAllowed: {},
    blockedContexts: {},
    contextLimits: {},
    subjectLimits: {},
    rateLimitOverrides: {},
    tokensInvalidBefore: {},
    refreshInvalidBefore: {},
  };
}

export class Store {
  data: StateData;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    data: StateData,
    private readonly file?: string,
  ) {
    this.data = data;
  }

  static load(file: string | undefined): StateData | undefined {
    if (!file || !fs.existsSync(file)) return undefined;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as StateData;
      return { ...emptyState(parsed.keys), ...parsed };
    } catch {
      return undefined;
    }
  }

  /** Mark state as changed; written within 100 ms when a state file is configured. */
  touch(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, 100);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data));
    fs.renameSync(tmp, this.file);
  }
}
