ALTER TABLE "space_view_sessions" ADD COLUMN "page_count" integer;--> statement-breakpoint
ALTER TABLE "space_view_sessions" ADD COLUMN "pages_seen" jsonb DEFAULT '[]'::jsonb NOT NULL;