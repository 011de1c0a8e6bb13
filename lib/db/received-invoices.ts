import 'server-only';
import pg from 'pg';
import { config } from '@/lib/config';
import type { ReceivedRole } from './generated/client';

/**
 * The bulk write path of the purchase sync. Prisma's createMany rebuilds its query for every chunk
 * (half the sync's CPU went there, issue #18); this is ONE prepared statement whose text never
 * changes: every column travels as an array parameter and `unnest` turns them back into rows.
 * PostgreSQL plans it once per connection. Raw SQL, so the tenant is written into it here: every row
 * gets `tenantId` from the argument, and the conflict target is (tenantId, ksefNumber).
 */

export interface ReceivedInvoiceRow {
  ksefNumber: string;
  invoiceNumber: string;
  sellerNip: string;
  sellerName: string;
  buyerName: string | null;
  /** YYYY-MM-DD */
  issueDate: string;
  invoiceType: string;
  currency: string;
  /** Exact decimal strings. */
  totalNet: string;
  totalVat: string;
  totalGross: string;
  acquisitionDate: Date | null;
  permanentStorageDate: Date;
  xml: Buffer;
  xmlSha256: string;
  /** JSON text of the lib/fa3 model; null when the XML could not be parsed. */
  modelJson: string | null;
  parseError: string | null;
  metadataJson: string;
}

const COLUMNS = [
  ['ksefNumber', 'text'],
  ['invoiceNumber', 'text'],
  ['sellerNip', 'text'],
  ['sellerName', 'text'],
  ['buyerName', 'text'],
  ['issueDate', 'date'],
  ['invoiceType', 'text'],
  ['currency', 'text'],
  ['totalNet', 'numeric'],
  ['totalVat', 'numeric'],
  ['totalGross', 'numeric'],
  ['acquisitionDate', 'timestamp(3)'],
  ['permanentStorageDate', 'timestamp(3)'],
  ['xml', 'bytea'],
  ['xmlSha256', 'text'],
  ['model', 'jsonb'],
  ['parseError', 'text'],
  ['metadata', 'jsonb'],
] as const;

const quoted = COLUMNS.map(([c]) => `"${c}"`).join(', ');
// $1 tenant, $2 role, then one array per column.
const INSERT_SQL = `
WITH ins AS (
  INSERT INTO "ReceivedInvoice" ("id", "tenantId", "roles", "updatedAt", ${quoted})
  SELECT gen_random_uuid(), $1::uuid, ARRAY[$2::"ReceivedRole"], now(), ${COLUMNS.map(([c]) => `r."${c}"`).join(', ')}
  FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 3}::${t}[]`).join(', ')}) AS r(${quoted})
  ON CONFLICT ("tenantId", "ksefNumber") DO UPDATE
    SET "roles" = array_append("ReceivedInvoice"."roles", $2::"ReceivedRole"), "updatedAt" = now()
    WHERE NOT ($2::"ReceivedRole" = ANY ("ReceivedInvoice"."roles"))
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS created FROM ins`;

const CHECKPOINT_SQL = `
INSERT INTO "SyncCheckpoint" ("tenantId", "subjectType", "checkpoint", "updatedAt") VALUES ($1::uuid, $2, $3, now())
ON CONFLICT ("tenantId", "subjectType") DO UPDATE SET "checkpoint" = EXCLUDED."checkpoint", "updatedAt" = now()`;

function columnArrays(rows: ReceivedInvoiceRow[]): unknown[][] {
  return [
    rows.map((r) => r.ksefNumber),
    rows.map((r) => r.invoiceNumber),
    rows.map((r) => r.sellerNip),
    rows.map((r) => r.sellerName),
    rows.map((r) => r.buyerName),
    rows.map((r) => r.issueDate),
    rows.map((r) => r.invoiceType),
    rows.map((r) => r.currency),
    rows.map((r) => r.totalNet),
    rows.map((r) => r.totalVat),
    rows.map((r) => r.totalGross),
    // Prisma keeps DateTime as UTC in `timestamp(3)`: the ISO text without its zone is that value.
    rows.map((r) => r.acquisitionDate?.toISOString().slice(0, -1) ?? null),
    rows.map((r) => r.permanentStorageDate.toISOString().slice(0, -1)),
    rows.map((r) => r.xml),
    rows.map((r) => r.xmlSha256),
    rows.map((r) => r.modelJson),
    rows.map((r) => r.parseError),
    rows.map((r) => r.metadataJson),
  ];
}

const g = globalThis as unknown as { receivedInvoicesPool?: pg.Pool };

/** A small pool of its own: bulk writes must not take the connections page requests wait for. */
function pool(): pg.Pool {
  if (!g.receivedInvoicesPool) {
    const p = new pg.Pool({ connectionString: config().DATABASE_URL, max: 4, maxUses: 5_000, allowExitOnIdle: true });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    p.on('error', () => {});
    g.receivedInvoicesPool = p;
  }
  return g.receivedInvoicesPool;
}

export async function closeReceivedInvoicesPool(): Promise<void> {
  const p = g.receivedInvoicesPool;
  g.receivedInvoicesPool = undefined;
  await p?.end();
}

/**
 * Inserts new invoices of `tenantId` and adds `role` to those already stored, in one transaction;
 * with `checkpoint`, the subject type's checkpoint moves in that same transaction, so it never runs
 * ahead of what is stored. Returns how many rows were new.
 */
export async function storeReceivedInvoices(tenantId: string, role: ReceivedRole, rows: ReceivedInvoiceRow[], checkpoint?: { subjectType: string; value: string }): Promise<number> {
  const client = await pool().connect();
  let created = 0;
  try {
    await client.query('BEGIN');
    if (rows.length) {
      const r = await client.query<{ created: number }>({ name: 'received_invoices_store_v1', text: INSERT_SQL, values: [tenantId, role, ...columnArrays(rows)] });
      created = r.rows[0]!.created;
    }
    if (checkpoint) await client.query({ name: 'sync_checkpoint_store_v1', text: CHECKPOINT_SQL, values: [tenantId, checkpoint.subjectType, checkpoint.value] });
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(true);
    throw e;
  }
  client.release();
  return created;
}
