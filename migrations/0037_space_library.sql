CREATE TABLE "space_members" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "space_members_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "space_item_access" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" uuid,
	"group_id" uuid,
	"role" text NOT NULL,
	CONSTRAINT "space_item_access_user_key" UNIQUE("item_id","user_id"),
	CONSTRAINT "space_item_access_group_key" UNIQUE("item_id","group_id"),
	CONSTRAINT "space_item_access_one_principal" CHECK (("space_item_access"."user_id" is null) <> ("space_item_access"."group_id" is null))
);
--> statement-breakpoint
CREATE TABLE "space_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"parent_id" uuid,
	"ancestor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"file_kind" text,
	"media_type" text,
	"size" bigint DEFAULT 0 NOT NULL,
	"current_version_id" uuid,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_id" uuid NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trashed_at" timestamp with time zone,
	"trashed_with" uuid,
	CONSTRAINT "space_items_tenant_id_id_key" UNIQUE("tenant_id","id"),
	CONSTRAINT "space_items_name_check" CHECK (length("space_items"."name") between 1 and 255)
);
--> statement-breakpoint
CREATE TABLE "space_upload_chunks" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"first_byte" bigint NOT NULL,
	"size" bigint NOT NULL,
	"blob_hash" text NOT NULL,
	CONSTRAINT "space_upload_chunks_upload_id_first_byte_pk" PRIMARY KEY("upload_id","first_byte")
);
--> statement-breakpoint
CREATE TABLE "space_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"folder_id" uuid,
	"item_id" uuid,
	"file_name" text NOT NULL,
	"total_bytes" bigint NOT NULL,
	"received_bytes" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'receiving' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "space_uploads_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "space_version_chunks" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"first_byte" bigint NOT NULL,
	"size" bigint NOT NULL,
	"blob_hash" text NOT NULL,
	CONSTRAINT "space_version_chunks_version_id_first_byte_pk" PRIMARY KEY("version_id","first_byte")
);
--> statement-breakpoint
CREATE TABLE "space_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"file_name" text NOT NULL,
	"file_kind" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"restored_from" integer,
	CONSTRAINT "space_versions_item_number_key" UNIQUE("item_id","number"),
	CONSTRAINT "space_versions_tenant_id_id_key" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "space_members" ADD CONSTRAINT "space_members_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_members" ADD CONSTRAINT "space_members_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_item_access" ADD CONSTRAINT "space_item_access_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_item_access" ADD CONSTRAINT "space_item_access_tenant_id_item_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_item_access" ADD CONSTRAINT "space_item_access_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_item_access" ADD CONSTRAINT "space_item_access_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_items" ADD CONSTRAINT "space_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_items" ADD CONSTRAINT "space_items_tenant_id_parent_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_items" ADD CONSTRAINT "space_items_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_upload_chunks" ADD CONSTRAINT "space_upload_chunks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_upload_chunks" ADD CONSTRAINT "space_upload_chunks_tenant_id_upload_id_space_uploads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","upload_id") REFERENCES "public"."space_uploads"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_uploads" ADD CONSTRAINT "space_uploads_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_uploads" ADD CONSTRAINT "space_uploads_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_uploads" ADD CONSTRAINT "space_uploads_tenant_id_folder_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","folder_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_uploads" ADD CONSTRAINT "space_uploads_tenant_id_item_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_version_chunks" ADD CONSTRAINT "space_version_chunks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_version_chunks" ADD CONSTRAINT "space_version_chunks_tenant_id_version_id_space_versions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."space_versions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_versions" ADD CONSTRAINT "space_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_versions" ADD CONSTRAINT "space_versions_tenant_id_item_id_space_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."space_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "space_item_access_item_idx" ON "space_item_access" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "space_items_parent_name_idx" ON "space_items" USING btree ("tenant_id","parent_id",lower("name"),"id") WHERE "space_items"."trashed_at" is null;--> statement-breakpoint
CREATE INDEX "space_items_parent_updated_idx" ON "space_items" USING btree ("tenant_id","parent_id","updated_at","id") WHERE "space_items"."trashed_at" is null;--> statement-breakpoint
CREATE INDEX "space_items_trash_idx" ON "space_items" USING btree ("tenant_id","trashed_at") WHERE "space_items"."trashed_at" is not null;--> statement-breakpoint
CREATE INDEX "space_items_tags_idx" ON "space_items" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "space_items_ancestors_idx" ON "space_items" USING gin ("ancestor_ids");--> statement-breakpoint
CREATE INDEX "space_upload_chunks_blob_idx" ON "space_upload_chunks" USING btree ("tenant_id","blob_hash");--> statement-breakpoint
CREATE INDEX "space_uploads_expires_idx" ON "space_uploads" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "space_version_chunks_blob_idx" ON "space_version_chunks" USING btree ("tenant_id","blob_hash");