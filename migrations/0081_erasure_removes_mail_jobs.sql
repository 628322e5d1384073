-- An erasure removes the jobs that would mail the erased person, or hold their address, in its own
-- transaction (a crash after its commit must not leave them): the site's mails to the address and
-- the mails of the account (`userId`: to any address it had, or the new one it asked for), and the
-- account jobs that would send one (a change of address, a password reset for the address). The
-- application role may only add jobs; this function deletes for it, and only in the transaction's
-- tenant (none without one). SECURITY DEFINER: it runs as the owner of the queue.
CREATE OR REPLACE FUNCTION erase_jobs_of_person(p_email text, p_user_id text) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  WITH gone AS (
    DELETE FROM jobs
     WHERE tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
       AND ((kind = 'mail.send' AND (lower(payload->>'to') = lower(p_email) OR payload->>'userId' = p_user_id))
         OR (kind = 'identity.email_change' AND payload->>'userId' = p_user_id)
         OR (kind = 'identity.password_reset' AND lower(payload->>'email') = lower(p_email)))
    RETURNING 1)
  SELECT count(*)::integer FROM gone
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION erase_jobs_of_person(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION erase_jobs_of_person(text, text) TO lectern_app;
