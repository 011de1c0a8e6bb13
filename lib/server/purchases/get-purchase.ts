import 'server-only';
import { invoiceSchema, parseFa3, type Invoice } from '@/lib/fa3';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';

export interface PurchaseDetail {
  id: string;
  ksefNumber: string;
  invoiceNumber: string;
  invoiceType: string;
  sellerNip: string;
  sellerName: string;
  issueDate: string;
  currency: string;
  totalNet: string;
  totalVat: string;
  totalGross: string;
  roles: string[];
  acquisitionDate: string | null;
  permanentStorageDate: string;
  xmlSha256: string;
  xmlSize: number;
  /** The parsed FA(3) model; null with parseError when the bytes could not be parsed. */
  invoice: Invoice | null;
  parseError: string | null;
  paid: { at: string; by: string } | null;
  booked: { at: string; by: string } | null;
  canMark: boolean;
}

/** One received invoice for its page (any member); the model is re-validated, and re-parsed from the bytes if absent. */
export async function getPurchase(actor: Actor, id: string): Promise<PurchaseDetail> {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const parsedId = uuidSchema.safeParse(id);
  if (!parsedId.success) throw notFound();
  const r = await db.receivedInvoice.findFirst({ where: { id: parsedId.data } });
  if (!r) throw notFound();
  let invoice: Invoice | null = null;
  let parseError = r.parseError;
  const fromModel = r.model ? invoiceSchema.safeParse(r.model) : null;
  if (fromModel?.success) invoice = fromModel.data;
  else {
    try {
      invoice = parseFa3(r.xml);
    } catch (e) {
      parseError = e instanceof Error ? e.message : String(e);
    }
  }
  const userIds = [r.paidById, r.bookedById].filter((x): x is string => !!x);
  const users = userIds.length ? await rawDb().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const who = (uid: string | null) => {
    const u = users.find((x) => x.id === uid);
    return u ? u.name || u.email : '—';
  };
  return {
    id: r.id,
    ksefNumber: r.ksefNumber,
    invoiceNumber: r.invoiceNumber,
    invoiceType: r.invoiceType,
    sellerNip: r.sellerNip,
    sellerName: r.sellerName,
    issueDate: r.issueDate.toISOString().slice(0, 10),
    currency: r.currency,
    totalNet: r.totalNet.toFixed(2),
    totalVat: r.totalVat.toFixed(2),
    totalGross: r.totalGross.toFixed(2),
    roles: r.roles,
    acquisitionDate: r.acquisitionDate?.toISOString() ?? null,
    permanentStorageDate: r.permanentStorageDate.toISOString(),
    xmlSha256: r.xmlSha256,
    xmlSize: r.xml.length,
    invoice,
    parseError,
    paid: r.paidAt ? { at: r.paidAt.toISOString(), by: who(r.paidById) } : null,
    booked: r.bookedAt ? { at: r.bookedAt.toISOString(), by: who(r.bookedById) } : null,
    canMark: role !== 'VIEWER',
  };
}
