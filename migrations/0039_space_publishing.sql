CREATE TABLE "space_publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"course_id" uuid,
	"course_title" text,
	"course_version" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"error_code" text,
	"published_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "content_versions" ADD COLUMN "source_label" text;--> statement-breakpoint
ALTER TABLE "content_versions" ADD COLUMN "source_ref" text;--> statement-breakpoint
ALTER TABLE "space_publications" ADD CONSTRAINT "space_publications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_publications" ADD CONSTRAINT "space_publications_tenant_id_item_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "space_publications_item_idx" ON "space_publications" USING btree ("item_id","created_at");