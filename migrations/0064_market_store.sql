CREATE TABLE "purchased_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"reference" text NOT NULL,
	"course_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"ends_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchased_access_reference_key" UNIQUE("tenant_id","reference")
);
--> statement-breakpoint
CREATE TABLE "market_product_courses" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "market_product_courses_product_id_course_id_pk" PRIMARY KEY("product_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "market_product_prices" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" integer NOT NULL,
	CONSTRAINT "market_product_prices_product_id_currency_pk" PRIMARY KEY("product_id","currency"),
	CONSTRAINT "market_product_prices_amount" CHECK ("market_product_prices"."amount_minor" between 1 and 100000000)
);
--> statement-breakpoint
CREATE TABLE "market_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"instructor_name" text DEFAULT '' NOT NULL,
	"instructor_bio" text DEFAULT '' NOT NULL,
	"access_days" integer,
	"free" boolean DEFAULT false NOT NULL,
	"seat_packs" boolean DEFAULT false NOT NULL,
	"language" text,
	"preview_course_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_products_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_products_slug_key" UNIQUE("tenant_id","slug"),
	CONSTRAINT "market_products_access_days" CHECK ("market_products"."access_days" is null or "market_products"."access_days" between 1 and 36500)
);
--> statement-breakpoint
CREATE TABLE "market_access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "market_access_grants_line_user_course_key" UNIQUE("order_line_id","user_id","course_id")
);
--> statement-breakpoint
CREATE TABLE "market_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid,
	"title" text NOT NULL,
	"course_ids" uuid[] NOT NULL,
	"access_days" integer,
	"quantity" integer NOT NULL,
	"seat_pack" boolean DEFAULT false NOT NULL,
	"unit_price_minor" integer NOT NULL,
	"net_minor" integer NOT NULL,
	"vat_minor" integer NOT NULL,
	"gross_minor" integer NOT NULL,
	"vat_rate_basis_points" integer NOT NULL,
	"tax_rule" text NOT NULL,
	"tax_country" text,
	"refunded_minor" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "market_order_lines_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_order_lines_position_key" UNIQUE("order_id","position"),
	CONSTRAINT "market_order_lines_quantity" CHECK ("market_order_lines"."quantity" between 1 and 10000),
	CONSTRAINT "market_order_lines_amounts" CHECK ("market_order_lines"."gross_minor" = "market_order_lines"."net_minor" + "market_order_lines"."vat_minor" and "market_order_lines"."refunded_minor" between 0 and "market_order_lines"."gross_minor")
);
--> statement-breakpoint
CREATE TABLE "market_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"provider" text NOT NULL,
	"buyer_user_id" uuid,
	"buyer_email" text NOT NULL,
	"buyer_first_name" text NOT NULL,
	"buyer_last_name" text NOT NULL,
	"buyer_company" text,
	"buyer_address" text DEFAULT '' NOT NULL,
	"buyer_country" text NOT NULL,
	"buyer_vat_id" text,
	"buyer_vat_status" text,
	"location_evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"language" text NOT NULL,
	"currency" text NOT NULL,
	"net_minor" integer NOT NULL,
	"vat_minor" integer NOT NULL,
	"gross_minor" integer NOT NULL,
	"refunded_minor" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_orders_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_orders_reference_key" UNIQUE("tenant_id","reference"),
	CONSTRAINT "market_orders_amounts" CHECK ("market_orders"."net_minor" >= 0 and "market_orders"."vat_minor" >= 0 and "market_orders"."gross_minor" = "market_orders"."net_minor" + "market_orders"."vat_minor" and "market_orders"."refunded_minor" between 0 and "market_orders"."gross_minor")
);
--> statement-breakpoint
CREATE TABLE "market_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"provider_checkout_id" text,
	"provider_payment_id" text,
	"checkout_url" text,
	"currency" text NOT NULL,
	"amount_minor" integer NOT NULL,
	"refunded_minor" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_payments_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_payments_checkout_key" UNIQUE("provider","provider_checkout_id")
);
--> statement-breakpoint
CREATE TABLE "market_provider_events" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"order_id" uuid,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_provider_events_key" UNIQUE("tenant_id","provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "market_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"amount_minor" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"provider_refund_id" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "market_refunds_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_refunds_amount" CHECK ("market_refunds"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "market_payment_accounts" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"provider" text NOT NULL,
	"secret_key_sealed" text NOT NULL,
	"webhook_secret_sealed" text NOT NULL,
	"secret_key_hint" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_payment_accounts_tenant_id_provider_pk" PRIMARY KEY("tenant_id","provider")
);
--> statement-breakpoint
ALTER TABLE "purchased_access" ADD CONSTRAINT "purchased_access_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchased_access" ADD CONSTRAINT "purchased_access_tenant_id_course_id_courses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","course_id") REFERENCES "public"."courses"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchased_access" ADD CONSTRAINT "purchased_access_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_product_courses" ADD CONSTRAINT "market_product_courses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_product_courses" ADD CONSTRAINT "market_product_courses_tenant_id_product_id_market_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."market_products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_product_prices" ADD CONSTRAINT "market_product_prices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_product_prices" ADD CONSTRAINT "market_product_prices_tenant_id_product_id_market_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."market_products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_products" ADD CONSTRAINT "market_products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_access_grants" ADD CONSTRAINT "market_access_grants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_access_grants" ADD CONSTRAINT "market_access_grants_tenant_id_order_line_id_market_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_line_id") REFERENCES "public"."market_order_lines"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_access_grants" ADD CONSTRAINT "market_access_grants_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_order_lines" ADD CONSTRAINT "market_order_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_order_lines" ADD CONSTRAINT "market_order_lines_tenant_id_order_id_market_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."market_orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_order_lines" ADD CONSTRAINT "market_order_lines_tenant_id_product_id_market_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."market_products"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_orders" ADD CONSTRAINT "market_orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_orders" ADD CONSTRAINT "market_orders_tenant_id_buyer_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","buyer_user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_payments" ADD CONSTRAINT "market_payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_payments" ADD CONSTRAINT "market_payments_tenant_id_order_id_market_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."market_orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_provider_events" ADD CONSTRAINT "market_provider_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_refunds" ADD CONSTRAINT "market_refunds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_refunds" ADD CONSTRAINT "market_refunds_tenant_id_order_id_market_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."market_orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_payment_accounts" ADD CONSTRAINT "market_payment_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purchased_access_course_user_idx" ON "purchased_access" USING btree ("tenant_id","course_id","user_id");--> statement-breakpoint
CREATE INDEX "purchased_access_ends_idx" ON "purchased_access" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX "market_product_courses_course_idx" ON "market_product_courses" USING btree ("tenant_id","course_id");--> statement-breakpoint
CREATE INDEX "market_products_status_idx" ON "market_products" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "market_access_grants_user_idx" ON "market_access_grants" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "market_orders_created_idx" ON "market_orders" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "market_orders_buyer_idx" ON "market_orders" USING btree ("tenant_id","buyer_user_id");--> statement-breakpoint
CREATE INDEX "market_payments_order_idx" ON "market_payments" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "market_payments_payment_idx" ON "market_payments" USING btree ("provider","provider_payment_id");--> statement-breakpoint
CREATE INDEX "market_provider_events_order_idx" ON "market_provider_events" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "market_refunds_order_idx" ON "market_refunds" USING btree ("tenant_id","order_id");