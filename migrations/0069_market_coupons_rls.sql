-- Row-level security and grants for the store's coupons and their uses.
GRANT SELECT, INSERT, UPDATE, DELETE ON market_coupons TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_coupons ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_coupons FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_coupons
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_coupon_redemptions TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_coupon_redemptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_coupon_redemptions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_coupon_redemptions
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
