"""Marts that are never stale, a supersession rule that does not depend on commit order, and
file names stored as they are.

1. ops.mart_state (one row): data_version goes up in the transaction of every load, and
   refreshed_version takes the data_version a mart refresh started from when it ends. Marts
   are stale while data_version > refreshed_version, whatever crashed in between: every run
   (and `warehouse status`) refreshes stale marts, not only runs that loaded something.
2. core.dim_document.admission_seq: taken from ops.admission_seq when a file is admitted
   (hashed, found new). Of the documents of one unit/year/kind/part, the active one is the
   correction by content (is_correction: its title says 更正/修正/修订), then the one
   admitted last, whichever transaction commits first. Existing rows get their document_id.
3. source_path_bytes on core.dim_document, ops.document_load and ops.quarantine: the file
   name's bytes when they are not valid UTF-8 (source_path then holds a readable form with
   \\xNN escapes), so no name is lost or refused.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE TABLE ops.mart_state (
    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    data_version      bigint NOT NULL DEFAULT 0,
    refreshed_version bigint NOT NULL DEFAULT 0,
    changed_at        timestamptz,
    refreshed_at      timestamptz
);
INSERT INTO ops.mart_state (singleton, data_version, refreshed_version)
VALUES (true, 1, 0);  -- marts made before this revision are refreshed once

CREATE SEQUENCE ops.admission_seq;
ALTER TABLE core.dim_document ADD COLUMN admission_seq bigint;
UPDATE core.dim_document SET admission_seq = document_id;
SELECT setval('ops.admission_seq', coalesce((SELECT max(document_id) FROM core.dim_document), 1),
              EXISTS (SELECT 1 FROM core.dim_document));
ALTER TABLE core.dim_document ALTER COLUMN admission_seq SET NOT NULL;
ALTER TABLE core.dim_document ADD COLUMN is_correction boolean NOT NULL DEFAULT false;

ALTER TABLE core.dim_document ADD COLUMN source_path_bytes bytea;
ALTER TABLE ops.document_load ADD COLUMN source_path_bytes bytea;
ALTER TABLE ops.quarantine ADD COLUMN source_path_bytes bytea;

COMMENT ON COLUMN core.dim_document.admission_seq IS
    '接收顺序（后接收者为重新发布）/ order of admission: of two versions the later is the re-issue';
COMMENT ON COLUMN core.dim_document.is_correction IS
    '更正版（标题含更正/修正/修订）/ the document says it is a correction';
COMMENT ON COLUMN core.dim_document.source_path_bytes IS
    '文件名原始字节（非 UTF-8 时）/ the file name''s bytes when not valid UTF-8';
COMMENT ON TABLE ops.mart_state IS
    'marts are stale while data_version > refreshed_version';
"""

DOWNGRADE = """
ALTER TABLE ops.quarantine DROP COLUMN source_path_bytes;
ALTER TABLE ops.document_load DROP COLUMN source_path_bytes;
ALTER TABLE core.dim_document DROP COLUMN source_path_bytes;
ALTER TABLE core.dim_document DROP COLUMN is_correction;
ALTER TABLE core.dim_document DROP COLUMN admission_seq;
DROP SEQUENCE ops.admission_seq;
DROP TABLE ops.mart_state;
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
