-- Functions that run as their owner (SECURITY DEFINER) must not resolve a table by a caller's
-- name: every role may create temporary tables, and the temporary schema is searched first unless
-- the search_path names it, last. A request could otherwise have the chaining trigger read and
-- write a temporary "audit_chain_heads" of its own and choose the positions of its entries.
ALTER FUNCTION audit_chain_link() SET search_path = public, pg_temp;
--> statement-breakpoint
ALTER FUNCTION erase_jobs_of_person(text, text) SET search_path = public, pg_temp;
