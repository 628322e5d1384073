-- Retention removes a tenant's oldest audit entries through this function, not by deleting rows:
-- the server's role for work across sites (lectern_system, docs/operations.md) may read and append
-- to the audit trail but not delete from it, and through here it can remove only the start of a
-- chain, only entries older than the shortest retention a site may set (MIN_AUDIT_RETENTION_DAYS,
-- 30), and never without the chain recording where it now begins. SECURITY DEFINER: it runs as
-- the owner of the trail. Under the head's row lock, as before: no entry is chained meanwhile.
CREATE OR REPLACE FUNCTION audit_prune_chain_start(p_tenant uuid, p_cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_seq bigint;
  pruned bigint;
  first_kept bigint;
  through bigint;
  last_hash text;
  removed integer;
BEGIN
  IF p_cutoff IS NULL OR p_cutoff > now() - interval '30 days' THEN
    RAISE EXCEPTION 'audit retention keeps every entry of the last 30 days' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT seq, pruned_through_seq INTO head_seq, pruned FROM audit_chain_heads WHERE tenant_id = p_tenant FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  -- Chain order is commit order: an entry of a long transaction may be older than the one before it.
  SELECT min(chain_seq) INTO first_kept FROM audit_events WHERE tenant_id = p_tenant AND chain_seq > pruned AND occurred_at >= p_cutoff;
  through := coalesce(first_kept - 1, head_seq);
  IF through <= pruned THEN
    RETURN 0;
  END IF;
  -- The entry is gone already (a gap verification reports): the chain then goes on from the head's record of it, if any.
  SELECT hash INTO last_hash FROM audit_events WHERE tenant_id = p_tenant AND chain_seq = through;
  IF last_hash IS NULL THEN
    RETURN 0;
  END IF;
  DELETE FROM audit_events WHERE tenant_id = p_tenant AND chain_seq > pruned AND chain_seq <= through;
  GET DIAGNOSTICS removed = ROW_COUNT;
  UPDATE audit_chain_heads SET pruned_through_seq = through, pruned_through_hash = last_hash WHERE tenant_id = p_tenant;
  -- The chain itself records where it now begins: a start removed by hand, head and all, has no such entry.
  INSERT INTO audit_events (tenant_id, action, target_type, details) VALUES (p_tenant, 'audit.retention_applied', 'audit_chain',
    jsonb_build_object('throughSeq', through, 'throughHash', last_hash, 'removed', removed,
      'cutoff', to_char(p_cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  RETURN removed;
END
$$;
--> statement-breakpoint
-- Not a request's to call (lectern_app): the grant to lectern_system is given at start (system-role.ts).
REVOKE EXECUTE ON FUNCTION audit_prune_chain_start(uuid, timestamptz) FROM PUBLIC;
