-- Row-level security and grants for issued invoices and their numbering, and what keeps them as issued.
GRANT SELECT, INSERT, UPDATE ON market_invoice_counters TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_invoice_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_invoice_counters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_invoice_counters
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Issued invoices are added and read; of their columns the application may set only the PDF's blob.
GRANT SELECT, INSERT ON market_invoices TO lectern_app;
--> statement-breakpoint
GRANT UPDATE (pdf_hash) ON market_invoices TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_invoices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_invoices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_invoices
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Deleting the buyer's account clears only buyer_user_id (a plain SET NULL on the composite key
-- would null tenant_id too, which is NOT NULL). Column lists need PostgreSQL 15+.
ALTER TABLE "market_invoices" DROP CONSTRAINT "market_invoices_tenant_id_buyer_user_id_users_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "market_invoices" ADD CONSTRAINT "market_invoices_tenant_id_buyer_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","buyer_user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE SET NULL ("buyer_user_id") ON UPDATE no action;
--> statement-breakpoint
-- The same for the orders an invoice is issued from: the buyer's account goes, the order (and its copy of the buyer) stays.
ALTER TABLE "market_orders" DROP CONSTRAINT "market_orders_tenant_id_buyer_user_id_users_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "market_orders" ADD CONSTRAINT "market_orders_tenant_id_buyer_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","buyer_user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE SET NULL ("buyer_user_id") ON UPDATE no action;
--> statement-breakpoint
-- An issued invoice or credit note stays as issued, for everyone (the owner too): no column changes but
-- pdf_hash (set once, from null) and buyer_user_id (cleared when the account is deleted), and no row
-- goes, except with its tenant: the tenant's erasure deletes the tenant's row first, and the cascade
-- that then reaches its invoices finds it gone.
CREATE FUNCTION market_invoices_keep_as_issued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
      RAISE EXCEPTION 'an issued invoice cannot be deleted (market_invoices %)', OLD.number USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.pdf_hash IS NOT NULL AND NEW.pdf_hash IS DISTINCT FROM OLD.pdf_hash THEN
    RAISE EXCEPTION 'the PDF of an issued invoice is set once (market_invoices %)', OLD.number USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.buyer_user_id IS NOT NULL AND NEW.buyer_user_id IS DISTINCT FROM OLD.buyer_user_id THEN
    RAISE EXCEPTION 'the buyer of an issued invoice can only be cleared (market_invoices %)', OLD.number USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (to_jsonb(NEW) - 'pdf_hash' - 'buyer_user_id') IS DISTINCT FROM (to_jsonb(OLD) - 'pdf_hash' - 'buyer_user_id') THEN
    RAISE EXCEPTION 'an issued invoice cannot be changed (market_invoices %)', OLD.number USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER market_invoices_keep_as_issued BEFORE UPDATE OR DELETE ON market_invoices
  FOR EACH ROW EXECUTE FUNCTION market_invoices_keep_as_issued();
--> statement-breakpoint
CREATE FUNCTION market_invoices_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued invoices cannot be truncated (%)', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER market_invoices_refuse_truncate BEFORE TRUNCATE ON market_invoices
  FOR EACH STATEMENT EXECUTE FUNCTION market_invoices_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER market_invoice_counters_refuse_truncate BEFORE TRUNCATE ON market_invoice_counters
  FOR EACH STATEMENT EXECUTE FUNCTION market_invoices_refuse_truncate();
--> statement-breakpoint
-- The series only moves on, one at a time: a number once taken is never given again.
CREATE FUNCTION market_invoice_counters_only_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
      RAISE EXCEPTION 'the invoice counter of a tenant cannot be deleted' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.last_number <> OLD.last_number + 1 THEN
    RAISE EXCEPTION 'the invoice counter only counts up by one (% -> %)', OLD.last_number, NEW.last_number USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER market_invoice_counters_only_forward BEFORE UPDATE OR DELETE ON market_invoice_counters
  FOR EACH ROW EXECUTE FUNCTION market_invoice_counters_only_forward();
