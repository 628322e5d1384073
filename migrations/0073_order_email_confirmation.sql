ALTER TABLE "market_orders" ADD COLUMN "confirmation_token_hash" text;--> statement-breakpoint
ALTER TABLE "market_orders" ADD COLUMN "email_confirmed_at" timestamp with time zone;