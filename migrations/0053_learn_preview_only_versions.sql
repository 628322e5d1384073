ALTER TABLE "content_versions" ALTER COLUMN "item_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "content_versions" ALTER COLUMN "course_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "content_versions" ADD COLUMN "preview_of" text;--> statement-breakpoint
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_preview_of_key" UNIQUE("tenant_id","preview_of");--> statement-breakpoint
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_course_or_preview" CHECK (("content_versions"."course_id" is not null and "content_versions"."item_id" is not null and "content_versions"."preview_of" is null) or ("content_versions"."course_id" is null and "content_versions"."item_id" is null and "content_versions"."preview_of" is not null));