ALTER TABLE "update_mailings" ADD COLUMN "delivered_through_user_id" uuid;--> statement-breakpoint
ALTER TABLE "update_mailings" ADD COLUMN "delivered_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "update_mailings" ADD COLUMN "delivered_at" timestamp with time zone;