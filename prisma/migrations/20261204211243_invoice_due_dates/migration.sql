-- DropIndex
DROP INDEX "InvoicePayment_tenantId_invoiceId_idx";

-- CreateTable
CREATE TABLE "InvoiceDueDate" (
    "tenantId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "dueDate" DATE NOT NULL,

    CONSTRAINT "InvoiceDueDate_pkey" PRIMARY KEY ("tenantId","invoiceId")
);

-- AddForeignKey
ALTER TABLE "InvoiceDueDate" ADD CONSTRAINT "InvoiceDueDate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceDueDate" ADD CONSTRAINT "InvoiceDueDate_tenantId_invoiceId_fkey" FOREIGN KEY ("tenantId", "invoiceId") REFERENCES "Invoice"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The due date of a stored form, or NULL when it has none or it is not a real date (never an error,
-- so no write of an invoice can fail on it). The bodies are E'' strings with \073 for each semicolon
-- (migrations run through the Prisma pg adapter, which splits the script at every semicolon).
CREATE FUNCTION invoice_form_due_date(m jsonb) RETURNS date LANGUAGE plpgsql IMMUTABLE AS E'
DECLARE d text\073
BEGIN
  d := m -> \'form\' ->> \'dueDate\'\073
  IF d IS NULL OR d !~ \'^[0-9]{4}-[0-9]{2}-[0-9]{2}$\' THEN
    RETURN NULL\073
  END IF\073
  RETURN make_date(substr(d, 1, 4)::int, substr(d, 6, 2)::int, substr(d, 9, 2)::int)\073
EXCEPTION WHEN others THEN
  RETURN NULL\073
END';

-- Kept by the database, so no write path (drafts, issuing, imports, raw SQL) can miss a due date.
-- Inserts: statement-level with a transition table (one INSERT … SELECT per statement).
CREATE FUNCTION invoice_due_dates_insert() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "InvoiceDueDate" ("tenantId", "invoiceId", "dueDate")
  SELECT "tenantId", id, d FROM (SELECT "tenantId", id, invoice_form_due_date(model) AS d FROM added) x WHERE d IS NOT NULL\073
  RETURN NULL\073
END';

CREATE TRIGGER invoice_due_dates_on_insert AFTER INSERT ON "Invoice"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invoice_due_dates_insert();

-- Updates: only those that set the model and change its due date (status changes never fire it).
CREATE FUNCTION invoice_due_dates_update() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE d date\073
BEGIN
  d := invoice_form_due_date(NEW.model)\073
  IF d IS NULL THEN
    DELETE FROM "InvoiceDueDate" WHERE "tenantId" = NEW."tenantId" AND "invoiceId" = NEW.id\073
  ELSE
    INSERT INTO "InvoiceDueDate" ("tenantId", "invoiceId", "dueDate") VALUES (NEW."tenantId", NEW.id, d)
    ON CONFLICT ("tenantId", "invoiceId") DO UPDATE SET "dueDate" = EXCLUDED."dueDate"\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER invoice_due_dates_on_update AFTER UPDATE OF model ON "Invoice" FOR EACH ROW
  WHEN (OLD.model -> 'form' ->> 'dueDate' IS DISTINCT FROM NEW.model -> 'form' ->> 'dueDate')
  EXECUTE FUNCTION invoice_due_dates_update();

INSERT INTO "InvoiceDueDate" ("tenantId", "invoiceId", "dueDate")
SELECT "tenantId", id, d FROM (SELECT "tenantId", id, invoice_form_due_date(model) AS d FROM "Invoice") x WHERE d IS NOT NULL;

-- The invoices that have a payment status, with what the overview and the filter read of them, so they
-- are read from this index alone (the rows themselves are wide: the JSON model).
CREATE INDEX "Invoice_payable_idx" ON "Invoice" ("tenantId", id) INCLUDE (currency, "totalGross") WHERE kind <> 'KOR' AND status NOT IN ('DRAFT', 'REJECTED');

-- The corrections of an invoice, by the invoice they correct: their totals change its amount due
-- (found per page row and per invoice page). Also serves the corrected-invoice foreign key's checks.
CREATE INDEX "Invoice_corrections_idx" ON "Invoice" ("tenantId", "correctedInvoiceId") WHERE "correctedInvoiceId" IS NOT NULL;

-- An invoice's payments, and every invoice's paid sum, from the index alone (replaces the plain index).
CREATE INDEX "InvoicePayment_tenantId_invoiceId_idx" ON "InvoicePayment" ("tenantId", "invoiceId") INCLUDE (amount);
