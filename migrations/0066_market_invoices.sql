CREATE TABLE "market_invoice_counters" (
	"tenant_id" uuid PRIMARY KEY DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"number" text NOT NULL,
	"sequence" integer NOT NULL,
	"kind" text NOT NULL,
	"order_id" uuid NOT NULL,
	"refund_id" uuid,
	"corrects_invoice_id" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"language" text NOT NULL,
	"document" jsonb NOT NULL,
	"logo_hash" text,
	"pdf_hash" text,
	"buyer_user_id" uuid,
	CONSTRAINT "market_invoices_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_invoices_number_key" UNIQUE("tenant_id","number"),
	CONSTRAINT "market_invoices_sequence_key" UNIQUE("tenant_id","sequence"),
	CONSTRAINT "market_invoices_refund_key" UNIQUE("tenant_id","refund_id"),
	CONSTRAINT "market_invoices_sequence" CHECK ("market_invoices"."sequence" > 0),
	CONSTRAINT "market_invoices_kind" CHECK (("market_invoices"."kind" = 'invoice' and "market_invoices"."refund_id" is null and "market_invoices"."corrects_invoice_id" is null) or ("market_invoices"."kind" = 'credit_note' and "market_invoices"."refund_id" is not null and "market_invoices"."corrects_invoice_id" is not null)),
	CONSTRAINT "market_invoices_hashes" CHECK (("market_invoices"."pdf_hash" is null or "market_invoices"."pdf_hash" ~ '^[0-9a-f]{64}$') and ("market_invoices"."logo_hash" is null or "market_invoices"."logo_hash" ~ '^[0-9a-f]{64}$'))
);
--> statement-breakpoint
ALTER TABLE "market_invoice_counters" ADD CONSTRAINT "market_invoice_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_invoices" ADD CONSTRAINT "market_invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_invoices" ADD CONSTRAINT "market_invoices_tenant_id_order_id_market_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."market_orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_invoices" ADD CONSTRAINT "market_invoices_tenant_id_refund_id_market_refunds_tenant_id_id_fk" FOREIGN KEY ("tenant_id","refund_id") REFERENCES "public"."market_refunds"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_invoices" ADD CONSTRAINT "market_invoices_tenant_id_corrects_invoice_id_market_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","corrects_invoice_id") REFERENCES "public"."market_invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_invoices" ADD CONSTRAINT "market_invoices_tenant_id_buyer_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","buyer_user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "market_invoices_order_invoice_key" ON "market_invoices" USING btree ("tenant_id","order_id") WHERE kind = 'invoice';--> statement-breakpoint
CREATE INDEX "market_invoices_order_idx" ON "market_invoices" USING btree ("tenant_id","order_id","sequence");--> statement-breakpoint
CREATE INDEX "market_invoices_buyer_idx" ON "market_invoices" USING btree ("tenant_id","buyer_user_id");