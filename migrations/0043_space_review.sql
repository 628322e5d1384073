CREATE TABLE "space_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"thread_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"anchor" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"mentions" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone,
	"status_changed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "space_comments" ADD CONSTRAINT "space_comments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comments" ADD CONSTRAINT "space_comments_tenant_id_item_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comments" ADD CONSTRAINT "space_comments_tenant_id_author_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","author_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "space_comments_item_idx" ON "space_comments" USING btree ("item_id","created_at");