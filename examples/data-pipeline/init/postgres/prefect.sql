-- Prefect's database, prepared before prefect-server starts (the seed ran its init.sql by hand through a
-- port-forward). Runs as the prefect role, so everything here belongs to the user Prefect migrates with.
-- pg_trgm backs Prefect's name searches; its migrations create it too, and IF NOT EXISTS keeps both harmless.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
