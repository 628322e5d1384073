-- The audit trigger books what a staff member changes under the grant of the request they made
-- it in (withTenant() sets lectern.staff_grant_id for a staff request), no longer under whichever
-- of their running grants on the site started last: with two grants at once (support_read and
-- admin) a change was booked under the wrong one, and a change whose grant was revoked while the
-- request ran was booked under none. The function is 0076's with that one change.
CREATE OR REPLACE FUNCTION audit_chain_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  request_setting text;
  request_grant uuid;
BEGIN
  -- A staff member acting as a site's administrator reaches every service as a "user" whose id is
  -- theirs: whatever a service audits under that id is recorded as the staff member, under the
  -- grant of the request (the transaction-local setting lectern.staff_grant_id, when it names a
  -- grant of theirs on this site, also one that ended while the request ran), else under their
  -- most recently started running grant, so it shows in the site's access transparency log.
  IF NEW.actor_user_id IS NOT NULL AND NEW.actor_staff_id IS NULL AND EXISTS (SELECT 1 FROM staff_members WHERE id = NEW.actor_user_id) THEN
    NEW.actor_staff_id := NEW.actor_user_id;
    NEW.actor_user_id := NULL;
    request_setting := current_setting('lectern.staff_grant_id', true);
    IF request_setting ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      request_grant := request_setting::uuid;
    END IF;
    NEW.staff_grant_id := coalesce(
      NEW.staff_grant_id,
      (SELECT id FROM staff_grants WHERE id = request_grant AND staff_id = NEW.actor_staff_id AND tenant_id = NEW.tenant_id),
      (SELECT id FROM staff_grants WHERE staff_id = NEW.actor_staff_id AND tenant_id = NEW.tenant_id AND status = 'active'
        ORDER BY starts_at DESC LIMIT 1));
  END IF;
  INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES (NEW.tenant_id, 0, repeat('0', 64))
    ON CONFLICT (tenant_id) DO NOTHING;
  SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
  NEW.chain_seq := head_seq + 1;
  NEW.prev_hash := head_hash;
  NEW.hash := audit_entry_hash(head_hash, NEW);
  UPDATE audit_chain_heads SET seq = NEW.chain_seq, hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
  RETURN NEW;
END
$$;
