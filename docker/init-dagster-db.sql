-- Dagster's own storage lives beside the warehouse in the same server.
CREATE DATABASE dagster;
