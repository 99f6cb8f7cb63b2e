"""mart.kpi_attainment: each performance indicator's target against its actual and score.

Targets and actuals are compared only where both are numbers with the same unit printed
(or none); otherwise `attained` is NULL and the printed texts speak for themselves. The
score rate (得分 / 分值) is what self-evaluations grade by.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
CREATE VIEW mart.kpi_attainment AS
SELECT k.kpi_id, k.unit_id, u.unit_name, k.fiscal_year, k.project_id, p.project_name,
       k.level1, k.level2, k.level3, k.operator, k.target_text, k.target_value,
       k.measure_unit, k.actual_text, k.actual_value, k.weight, k.score,
       round(k.score / NULLIF(k.weight, 0) * 100, 2) AS score_rate,
       CASE
           WHEN k.target_value IS NULL OR k.actual_value IS NULL THEN NULL
           WHEN k.operator IN ('>=', '≥') THEN k.actual_value >= k.target_value
           WHEN k.operator IN ('<=', '≤') THEN k.actual_value <= k.target_value
           WHEN k.operator = '>' THEN k.actual_value > k.target_value
           WHEN k.operator = '<' THEN k.actual_value < k.target_value
           WHEN k.operator = '=' OR k.operator IS NULL THEN k.actual_value = k.target_value
       END AS attained,
       k.document_id, k.source_table, k.source_page
FROM core.fact_kpi k
JOIN core.dim_document d ON d.document_id = k.document_id AND d.status = 'active'
JOIN core.dim_unit u ON u.unit_id = k.unit_id
LEFT JOIN core.dim_project p ON p.project_id = k.project_id;

"""

VIEW_COMMENT = (
    "绩效目标完成情况：指标值与全年完成值、分值与得分 / KPI attainment: target against actual"
)
COLUMN_COMMENTS = {
    "kpi_id": "指标键 / indicator key (core.fact_kpi)",
    "unit_id": "单位 / unit",
    "unit_name": "单位名称 / unit name",
    "fiscal_year": "年度 / fiscal year",
    "project_id": "项目（整体目标为空）/ project, NULL for unit-wide goals",
    "project_name": "项目名称 / project name",
    "level1": "一级指标 / level 1",
    "level2": "二级指标 / level 2",
    "level3": "三级指标 / indicator",
    "operator": "运算符 / operator",
    "target_text": "指标值（印刷原文）/ target as printed",
    "target_value": "指标值（数值）/ numeric target",
    "measure_unit": "度量单位 / unit of measure",
    "actual_text": "全年完成值（印刷原文）/ actual as printed",
    "actual_value": "全年完成值（数值）/ numeric actual",
    "weight": "分值 / weight",
    "score": "得分 / score",
    "score_rate": "得分率 = 得分/分值 ×100 / score as % of weight",
    "attained": "按运算符比较完成值与指标值（均为数值时），否则为空 / actual meets target",
    "document_id": "来源文件 / source document",
    "source_table": "来源表 / table title",
    "source_page": "来源页码 / page",
}


def _comments() -> str:
    def quote(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    lines = [f"COMMENT ON VIEW mart.kpi_attainment IS {quote(VIEW_COMMENT)};"]
    lines += [
        f"COMMENT ON COLUMN mart.kpi_attainment.{column} IS {quote(text)};"
        for column, text in COLUMN_COMMENTS.items()
    ]
    return "\n".join(lines)


DOWNGRADE = "DROP VIEW mart.kpi_attainment;"


def upgrade() -> None:
    op.execute(UPGRADE)
    op.execute(_comments())


def downgrade() -> None:
    op.execute(DOWNGRADE)
