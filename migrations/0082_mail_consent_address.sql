-- A consent to update e-mails holds for the address that confirmed it (mail_consents.email, lower-cased).
ALTER TABLE "mail_consents" ADD COLUMN "email" text;--> statement-breakpoint
-- Existing consents get the account's address: their confirmation link went to the account's address
-- when they were asked for. Where the audit log shows that address changed since (an administrator's
-- change, or the person's own), nobody at the present address confirmed anything: those consents end
-- as withdrawn ('address_changed'), and the person is asked again. Site by site, under each site's
-- row-level security (forced on the tables' owner too).
DO $$
DECLARE
  site record;
BEGIN
  FOR site IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', site.id::text, true);
    UPDATE mail_consents c SET email = lower(u.email) FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.user_id;
    UPDATE mail_consents c
       SET status = 'withdrawn', withdrawn_at = now(), withdrawn_via = 'address_changed', confirmation_token_hash = NULL
     WHERE c.status <> 'withdrawn'
       AND EXISTS (
             SELECT 1 FROM audit_events a
              WHERE a.tenant_id = c.tenant_id AND a.target_type = 'user' AND a.target_id = c.user_id::text
                AND a.occurred_at >= c.requested_at
                AND (a.action = 'user.email_changed'
                     OR (a.action = 'user.updated' AND a.details->'after' ? 'email'
                         AND lower(a.details->'after'->>'email') IS DISTINCT FROM lower(a.details->'before'->>'email'))));
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;--> statement-breakpoint
ALTER TABLE "mail_consents" ALTER COLUMN "email" SET NOT NULL;
