-- Each key once per statement: the broad (related) row of a key the statement also has as a plain
-- row goes, since the broad filters now read both kinds. The owner does this for every site, so
-- row-level security is not forced on it for the delete (the app's role stays under it throughout).
ALTER TABLE xapi_statement_terms NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DELETE FROM xapi_statement_terms broad
  USING xapi_statement_terms plain
  WHERE broad.related AND NOT plain.related
    AND plain.tenant_id = broad.tenant_id AND plain.term_key = broad.term_key
    AND plain.stored = broad.stored AND plain.seq = broad.seq;
--> statement-breakpoint
ALTER TABLE xapi_statement_terms FORCE ROW LEVEL SECURITY;
