#!/bin/sh
# First start of the compose PostgreSQL: the read-only role, with the password from .env
# (the warehouse's migrations grant it SELECT on core and mart and set its limits).
set -eu
: "${WAREHOUSE_READER_PASSWORD:?set WAREHOUSE_READER_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 -v pw="$WAREHOUSE_READER_PASSWORD" \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE warehouse_reader LOGIN PASSWORD :'pw';
SQL
