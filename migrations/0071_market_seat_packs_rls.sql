-- Row-level security and grants for the store's seat packs.
GRANT SELECT, INSERT, UPDATE, DELETE ON market_seat_packs TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_seat_packs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_seat_packs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_seat_packs
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
