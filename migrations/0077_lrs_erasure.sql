-- A person's erasure (src/lrs/lrs.privacy.ts) replaces them in the xAPI statements that name them by a
-- pseudonymous account, in the erasure's tenant transaction as the application role: it may rewrite
-- a statement's JSON (nothing else of the row) and move the statement's terms from the person's agent
-- keys to the pseudonym's. Row-level security (0031) still confines both to the tenant. No other code
-- path updates statements or deletes terms.
GRANT UPDATE (statement) ON xapi_statements TO lectern_app;
--> statement-breakpoint
GRANT DELETE ON xapi_statement_terms TO lectern_app;
