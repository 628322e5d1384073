ALTER TABLE "space_comments" ADD CONSTRAINT "space_comments_tenant_id_id_key" UNIQUE("tenant_id","id");--> statement-breakpoint
CREATE TABLE "space_comment_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"comment_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"blob_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "space_comment_attachments" ADD CONSTRAINT "space_comment_attachments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comment_attachments" ADD CONSTRAINT "space_comment_attachments_tenant_id_item_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comment_attachments" ADD CONSTRAINT "space_comment_attachments_tenant_id_comment_id_space_comments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","comment_id") REFERENCES "public"."space_comments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_comment_attachments" ADD CONSTRAINT "space_comment_attachments_tenant_id_uploaded_by_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","uploaded_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "space_comment_attachments_comment_idx" ON "space_comment_attachments" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "space_comment_attachments_blob_idx" ON "space_comment_attachments" USING btree ("blob_hash");
