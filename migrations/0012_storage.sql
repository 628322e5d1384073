CREATE TABLE "storage_blobs" (
	"tenant_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"size" bigint NOT NULL,
	"stored_size" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storage_blobs_tenant_id_hash_pk" PRIMARY KEY("tenant_id","hash")
);
--> statement-breakpoint
CREATE TABLE "storage_location_stats" (
	"location" text PRIMARY KEY NOT NULL,
	"healthy" boolean NOT NULL,
	"objects" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "storage_tenant_keys" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"sealed_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_files" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"path" text NOT NULL,
	"blob_hash" text NOT NULL,
	"size" bigint NOT NULL,
	CONSTRAINT "content_files_version_id_path_pk" PRIMARY KEY("version_id","path")
);
--> statement-breakpoint
CREATE TABLE "package_upload_chunks" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"first_byte" bigint NOT NULL,
	"size" bigint NOT NULL,
	"blob_hash" text NOT NULL,
	CONSTRAINT "package_upload_chunks_upload_id_first_byte_pk" PRIMARY KEY("upload_id","first_byte")
);
--> statement-breakpoint
ALTER TABLE "storage_tenant_keys" ADD CONSTRAINT "storage_tenant_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_files" ADD CONSTRAINT "content_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_files" ADD CONSTRAINT "content_files_tenant_id_version_id_content_versions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."content_versions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_upload_chunks" ADD CONSTRAINT "package_upload_chunks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_upload_chunks" ADD CONSTRAINT "package_upload_chunks_upload_id_package_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."package_uploads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_files_blob_idx" ON "content_files" USING btree ("tenant_id","blob_hash");--> statement-breakpoint
CREATE INDEX "package_upload_chunks_blob_idx" ON "package_upload_chunks" USING btree ("tenant_id","blob_hash");--> statement-breakpoint
-- Storage tables are the platform's: only the connection owner (the store, the scrubber, the CLI) touches them.
REVOKE ALL ON storage_blobs, storage_tenant_keys, storage_location_stats FROM lectern_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON content_files, package_upload_chunks TO lectern_app;
--> statement-breakpoint
ALTER TABLE content_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE content_files FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON content_files
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE package_upload_chunks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE package_upload_chunks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON package_upload_chunks
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
