"""Expense types the national templates print beside 基本支出 and 项目支出.

支出总表 / 支出决算表 print, for every function class, 事业单位经营支出 (spending of a public
institution's business operations), 上缴上级支出 (remitted to the superior unit) and
对附属单位补助支出 (subsidies to affiliated units) next to 基本支出 and 项目支出; together they
make up the row's 合计. Until now the contract had no word for them and their figures were
lost. They become expense types 'operating', 'to_superior' and 'to_affiliates'. The marts
read expense_type 'total', so no mart changes meaning.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = "'total', 'basic', 'personnel', 'public', 'project'"
_NEW = _OLD + ", 'operating', 'to_superior', 'to_affiliates'"


def _constraint(values: str) -> None:
    op.execute("ALTER TABLE core.fact_expenditure DROP CONSTRAINT ck_fact_expenditure_expense_type")
    op.execute(
        "ALTER TABLE core.fact_expenditure ADD CONSTRAINT ck_fact_expenditure_expense_type "
        f"CHECK (expense_type IN ({values}))"
    )


def upgrade() -> None:
    _constraint(_NEW)


def downgrade() -> None:
    op.execute(
        "DELETE FROM core.fact_expenditure "
        "WHERE expense_type IN ('operating', 'to_superior', 'to_affiliates')"
    )
    _constraint(_OLD)
