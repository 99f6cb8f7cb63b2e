"""Read-only door for BI tools and analysts, and comments on every core and mart relation.

warehouse_reader may SELECT from core and mart (now and, through default privileges, every
relation created later by the migrating role) and nothing else: no ops, no DML, no DDL,
no temporary tables. Roles are cluster-wide: creating it tolerates an existing role, and the
downgrade revokes what this database granted but keeps the role (its password is set outside
migrations — by the embedded server or the operator — and other databases may use it; an
earlier version of this downgrade dropped it, and the next upgrade made it anew without
its password).

Comments are bilingual (中文 / English) so BI tools (Metabase, Superset, DBeaver) show them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = "warehouse_reader"

GRANTS = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER}') THEN
        CREATE ROLE {READER} LOGIN;
    END IF;
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {READER}', current_database());
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM {READER};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA core, mart TO {READER};
GRANT SELECT ON ALL TABLES IN SCHEMA core, mart TO {READER};
ALTER DEFAULT PRIVILEGES IN SCHEMA core, mart GRANT SELECT ON TABLES TO {READER};
REVOKE ALL ON SCHEMA ops FROM {READER};
"""

REVOKES = f"""
ALTER DEFAULT PRIVILEGES IN SCHEMA core, mart REVOKE SELECT ON TABLES FROM {READER};
REVOKE SELECT ON ALL TABLES IN SCHEMA core, mart FROM {READER};
REVOKE USAGE ON SCHEMA core, mart FROM {READER};
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {READER}', current_database());
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
END
$$;
"""

# relation -> (comment, {column: comment}); every column of the contract relations
COMMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "core.dim_unit": (
        "单位维度：预算单位（部门或单位），名称按文件印刷 / Publishing unit (department or unit), "
        "name as printed",
        {
            "unit_id": "单位键 / surrogate key",
            "unit_name": "单位名称（印刷原文）/ official name as printed",
            "unit_code": "单位编码（如 578002，有印刷时）/ unit code when printed",
            "parent_unit_id": "上级部门 / the department a unit belongs to",
            "province": "省（印刷时）/ province when printed",
            "city": "市 / city",
            "unit_key": "自然键：省|市|名称 / natural key province|city|name",
        },
    ),
    "core.dim_document": (
        "文件维度：每个来源文件（按内容哈希）/ One source file, by content hash",
        {
            "document_id": "文件键 / surrogate key",
            "sha256": "内容哈希 / SHA-256 of the file's bytes",
            "source_name": "文件名 / file name",
            "source_path": "载入时路径 / path at load time",
            "source_format": "pdf 或 text / pdf or text",
            "doc_kind": "budget 预算 或 final_account 决算 / budget or final accounts",
            "fiscal_year": "预算年度 / fiscal year",
            "unit_id": "发布单位 / publishing unit",
            "scope": "department 部门（含下属单位）或 unit 单位 / department or single unit",
            "title": "标题 / title",
            "page_count": "页数 / pages",
            "status": "active 有效 或 superseded 已被更正版本替代 / active or superseded",
            "superseded_by": "替代它的文件 / the document that replaced it",
            "superseded_at": "被替代时间 / when it was superseded",
            "loaded_at": "载入时间 / load time",
            "parser_version": "解析器版本 / parser version",
        },
    ),
    "core.dim_function": (
        "支出功能分类科目：类(3位)/款(5位)/项(7位) / Expenditure function classification",
        {
            "function_code": "科目编码 / code",
            "level": "1 类, 2 款, 3 项 / level",
            "name": "现行名称 / current name",
            "parent_code": "上级科目 / parent code",
            "origin": "reference 参考目录 或 document 仅见于文件 / "
            "from the reference or a document",
        },
    ),
    "core.dim_function_name": (
        "功能科目历年名称（如 210 医疗卫生与计划生育支出 → 卫生健康支出）/ Historical names",
        {
            "function_code": "科目编码 / code",
            "name": "名称 / name",
            "valid_from": "起始年度 / first year",
            "valid_to": "截止年度 / last year",
        },
    ),
    "core.dim_economic": (
        "支出经济分类：department 部门预算(30x) / government 政府预算(50x) / Economic classes",
        {
            "scheme": "department 或 government / scheme",
            "economic_code": "科目编码 / code",
            "level": "1 类, 2 款 / level",
            "name": "名称 / name",
            "parent_code": "上级科目 / parent code",
            "origin": "reference 或 document / from the reference or a document",
        },
    ),
    "core.dim_project": (
        "项目维度：单位、年度、项目（名称规范化后匹配）/ Projects per unit and year",
        {
            "project_id": "项目键 / surrogate key",
            "unit_id": "单位 / unit",
            "fiscal_year": "年度 / fiscal year",
            "project_name": "项目名称（印刷原文）/ name as printed",
            "project_key": "规范化名称 / normalized name used for matching",
        },
    ),
    "core.fact_expenditure": (
        "支出事实：每个印刷数字在其粒度上仅存一次，金额单位万元 / Expenditure figures, once per "
        "grain, in 10,000 yuan",
        {
            "fact_id": "事实键 / surrogate key",
            "document_id": "来源文件 / source document",
            "unit_id": "单位 / unit",
            "fiscal_year": "年度 / fiscal year",
            "stage": "budget 预算 或 actual 决算 / budget or actual",
            "function_code": "功能科目（仅按经济分类的数字为空）/ function code",
            "economic_scheme": "经济分类方案 / economic scheme",
            "economic_code": "经济科目（仅按功能分类的数字为空）/ economic code",
            "project_id": "项目（项目支出表）/ project",
            "fund_source": "资金来源：all 合计, general_public 一般公共预算, gov_fund 政府性基金, "
            "state_capital 国有资本经营, special_account 财政专户, unit_funds 单位资金, "
            "carryover 上年结转 / fund source",
            "expense_type": "total 合计, basic 基本支出, personnel 人员经费, public 公用经费, "
            "project 项目支出 / expense type",
            "amount": "金额（万元，精确）/ amount in 万元, exact",
            "stated_rate": "文中所述完成年初预算的百分比 / stated execution rate (%)",
            "origin": "table 表格 或 narrative 说明文字 / printed in a table or the narrative",
            "source_table": "来源表标题 / printed table title",
            "source_page": "来源页码（PDF，从1起）/ 1-based PDF page",
            "source_lines": "来源行号（文本输入）/ line range for text input",
            "source_row": "来源行 / printed row",
            "source_column": "来源列 / printed column path",
        },
    ),
    "core.fact_revenue": (
        "收入事实：按资金来源（及功能科目），万元 / Revenue by fund source, in 万元",
        {
            "fact_id": "事实键 / surrogate key",
            "document_id": "来源文件 / source document",
            "unit_id": "单位 / unit",
            "fiscal_year": "年度 / fiscal year",
            "stage": "budget 或 actual / stage",
            "fund_source": "资金来源 / fund source",
            "function_code": "功能科目（有印刷时）/ function code when printed",
            "amount": "金额（万元）/ amount in 万元",
            "source_table": "来源表 / table title",
            "source_page": "来源页码 / page",
            "source_lines": "来源行号 / lines",
            "source_row": "来源行 / row",
            "source_column": "来源列 / column",
        },
    ),
    "core.fact_three_public": (
        "“三公”经费事实（两年对比表的上年数也在内），万元 / Three public expenses, in 万元",
        {
            "fact_id": "事实键 / surrogate key",
            "document_id": "来源文件 / source document",
            "unit_id": "单位 / unit",
            "fiscal_year": "年度 / fiscal year",
            "stage": "budget 或 actual / stage",
            "item": "total 合计, overseas 因公出国（境）费, vehicle_total 公务用车购置及运行费, "
            "vehicle_purchase 购置费, vehicle_operation 运行费, reception 公务接待费 / item",
            "amount": "金额（万元）/ amount in 万元",
            "stated_rate": "文中所述完成预算的百分比 / stated execution rate (%)",
            "source_table": "来源表 / table title",
            "source_page": "来源页码 / page",
            "source_lines": "来源行号 / lines",
        },
    ),
    "core.fact_kpi": (
        "绩效指标事实：整体（project_id 为空）或项目 / Performance indicators",
        {
            "kpi_id": "键 / surrogate key",
            "document_id": "来源文件 / source document",
            "unit_id": "单位 / unit",
            "fiscal_year": "年度 / fiscal year",
            "project_id": "项目（整体目标为空）/ project, NULL for unit-wide goals",
            "kpi_index": "表内顺序 / order in the table",
            "level1": "一级指标 / level 1",
            "level2": "二级指标 / level 2",
            "level3": "三级指标 / indicator",
            "operator": "运算符 / operator",
            "target_text": "指标值（印刷原文）/ target as printed",
            "target_value": "指标值（数值）/ numeric target",
            "measure_unit": "度量单位 / unit of measure",
            "actual_text": "全年完成值（原文）/ actual as printed",
            "actual_value": "全年完成值（数值）/ numeric actual",
            "weight": "分值 / weight",
            "score": "得分 / score",
            "deadline": "完成时限 / deadline",
            "deviation": "偏差原因 / reason for deviation",
            "source_table": "来源表 / table title",
            "source_page": "来源页码 / page",
            "source_lines": "来源行号 / lines",
        },
    ),
    "core.fact_stated": (
        "说明文字所述数字（无独立粒度者），含与上年相比变动 / Figures stated in the narrative",
        {
            "stated_id": "键 / surrogate key",
            "document_id": "来源文件 / source document",
            "unit_id": "单位 / unit",
            "fiscal_year": "年度 / fiscal year",
            "stage": "budget 或 actual / stage",
            "statement_index": "文中顺序 / order in the text",
            "item": "所述项目（原文）/ the stated item as printed",
            "project_id": "项目 / project",
            "amount": "金额（万元）/ amount in 万元",
            "stated_rate": "完成预算百分比 / stated rate (%)",
            "share_pct": "占比（%）/ share (%)",
            "change_amount": "与上年相比增减额（减少为负）/ change on last year, signed",
            "change_pct": "增减百分比（降低为负）/ change on last year (%), signed",
            "source_page": "来源页码 / page",
            "source_lines": "来源行号 / lines",
            "source_text": "原句 / the sentence",
        },
    ),
    "mart.expenditure_yoy": (
        "支出同比：单位、功能科目（各级）、年度、阶段；新增或取消的科目另一侧为空；万元 / "
        "Year-over-year expenditure",
        {
            "unit_id": "单位 / unit",
            "unit_name": "单位名称 / unit name",
            "function_code": "功能科目 / function code",
            "function_level": "科目级次 / level",
            "function_name": "现行名称 / current name",
            "fiscal_year": "年度 / fiscal year",
            "stage": "budget 或 actual / stage",
            "fund_source": "all 或 general_public（决算说明只有后者）/ fund source of the amount",
            "amount": "本年金额（万元）/ amount",
            "prior_amount": "上年金额（万元）/ previous year's amount",
            "change_amount": "增减额 / change",
            "change_pct": "增减百分比 / change (%)",
        },
    ),
    "mart.budget_vs_actual": (
        "预算与决算对比；budget_basis 说明预算数来源 / Budget against actual",
        {
            "unit_id": "单位 / unit",
            "unit_name": "单位名称 / unit name",
            "fiscal_year": "年度 / fiscal year",
            "function_code": "功能科目 / function code",
            "function_name": "现行名称 / current name",
            "budget_amount": "年初预算数（万元）/ budget",
            "actual_amount": "决算数（万元）/ actual",
            "execution_rate": "执行率 = 决算/预算 ×100 / execution rate (%)",
            "budget_basis": "budget_document 预算公开文件; final_account_table 决算表年初预算数; "
            "stated_rate 由所述完成率推算 / where the budget figure comes from",
            "stated_rate": "决算说明所述完成年初预算的百分比 / stated rate (%)",
        },
    ),
    "mart.three_public": (
        "“三公”经费：单位、年度、阶段、项目，万元 / Three public expenses by item",
        {
            "unit_id": "单位 / unit",
            "unit_name": "单位名称 / unit name",
            "fiscal_year": "年度 / fiscal year",
            "stage": "budget 或 actual / stage",
            "item": "项目，见 core.fact_three_public.item / item",
            "amount": "金额（万元）/ amount",
            "stated_rate": "所述完成预算百分比 / stated rate (%)",
            "document_id": "来源文件 / source document",
            "source_table": "来源表 / table title",
            "source_page": "来源页码 / page",
        },
    ),
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comment_sql(drop: bool) -> str:
    statements = []
    for relation, (comment, columns) in COMMENTS.items():
        kind = "VIEW" if relation.startswith("mart.") else "TABLE"
        statements.append(f"COMMENT ON {kind} {relation} IS {'NULL' if drop else _quote(comment)};")
        for column, text in columns.items():
            value = "NULL" if drop else _quote(text)
            statements.append(f"COMMENT ON COLUMN {relation}.{column} IS {value};")
    return "\n".join(statements)


def upgrade() -> None:
    op.execute(GRANTS)
    op.execute(_comment_sql(drop=False))


def downgrade() -> None:
    op.execute(_comment_sql(drop=True))
    op.execute(REVOKES)
