-- A person's erasure (or the deletion of their account) removes the signatures of the signed
-- statements that named them (src/lrs/lrs-privacy.repository.ts): the JWS holds the statement as
-- signed, with their name and address. The signature's attachment row goes when no other statement
-- refers to the same bytes; the storage collector then deletes its blob. Row-level security (0031)
-- confines the delete to the tenant. No other code path deletes attachment rows.
GRANT DELETE ON xapi_attachments TO lectern_app;
