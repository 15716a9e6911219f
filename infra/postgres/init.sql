-- Runs once when the compose PostgreSQL volume is created. Hubline creates its own schemas
-- (event_store, projections, one per context) through migrations at start-up.
CREATE DATABASE hubline;
