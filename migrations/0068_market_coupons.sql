CREATE TABLE "market_coupon_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"coupon_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"buyer_email" text NOT NULL,
	"discount_minor" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_coupon_redemptions_order_key" UNIQUE("order_id")
);
--> statement-breakpoint
CREATE TABLE "market_coupons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"percent" integer,
	"amount_minor" integer,
	"currency" text,
	"product_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_buyer" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_coupons_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "market_coupons_code_key" UNIQUE("tenant_id","code"),
	CONSTRAINT "market_coupons_kind" CHECK (("market_coupons"."kind" = 'percent' and "market_coupons"."percent" between 1 and 100 and "market_coupons"."amount_minor" is null) or ("market_coupons"."kind" = 'amount' and "market_coupons"."amount_minor" > 0 and "market_coupons"."currency" is not null and "market_coupons"."percent" is null))
);
--> statement-breakpoint
ALTER TABLE "market_order_lines" ADD COLUMN "discount_minor" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "market_orders" ADD COLUMN "coupon_code" text;--> statement-breakpoint
ALTER TABLE "market_coupon_redemptions" ADD CONSTRAINT "market_coupon_redemptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_coupon_redemptions" ADD CONSTRAINT "market_coupon_redemptions_tenant_id_coupon_id_market_coupons_tenant_id_id_fk" FOREIGN KEY ("tenant_id","coupon_id") REFERENCES "public"."market_coupons"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_coupon_redemptions" ADD CONSTRAINT "market_coupon_redemptions_tenant_id_order_id_market_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."market_orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market_coupons" ADD CONSTRAINT "market_coupons_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "market_coupon_redemptions_coupon_idx" ON "market_coupon_redemptions" USING btree ("tenant_id","coupon_id","buyer_email");