-- A site's session guard checks that the staff member behind a staff session still has a second
-- factor (lectern staff reset-mfa ends the session at its next request): the application role
-- reads whether one is set up, never the secret.
GRANT SELECT (mfa_enabled_at) ON staff_members TO lectern_app;
