-- Row-level security and grants for the store's tables and Learn's purchased access.
GRANT SELECT, INSERT, UPDATE, DELETE ON purchased_access TO lectern_app;
--> statement-breakpoint
ALTER TABLE purchased_access ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE purchased_access FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON purchased_access
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_products TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_products ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_products FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_products
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_product_courses TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_product_courses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_product_courses FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_product_courses
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_product_prices TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_product_prices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_product_prices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_product_prices
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_orders TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_orders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_orders
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_order_lines TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_order_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_order_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_order_lines
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_payments TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_payments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_payments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_payments
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_provider_events TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_provider_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_provider_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_provider_events
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_access_grants TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_access_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_access_grants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_access_grants
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_payment_accounts TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_payment_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_payment_accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_payment_accounts
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON market_refunds TO lectern_app;
--> statement-breakpoint
ALTER TABLE market_refunds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE market_refunds FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON market_refunds
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
