ALTER TABLE "privacy_requests" DROP COLUMN "export_storage_key";--> statement-breakpoint
ALTER TABLE "privacy_requests" DROP COLUMN "export_expires_at";