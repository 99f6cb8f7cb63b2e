"""Whether a printed name reads as the name of a budget unit (an organisation), not a project.

Mixed columns print both: 支出项目类别（资金使用单位） lists each unit and, below it, the unit's
projects; 单位名称(科目) lists units on some rows and class names on others. An organisation
is named by its kind at the end (…局, …中心, …委员会, …（本级）); a project by what the money
is for (…经费, …项目, …补助). A name the document registered as a unit elsewhere, or the
publisher's own, is a unit whatever its ending.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# What an organisation's name ends with, optionally followed by （本级）/（汇总）/（机关） or by
# the unit code some tables append ('…医疗保障局-210100000').
UNIT_SUFFIX = re.compile(
    r"(?:局|科|处|室|中心|站|所|院|校|馆|队|本级|单位|机关|委员会|委|办公室|办公厅|厅|部|"
    r"场|团|公司|园|总队|支队|大队|基地|协会|法院|检察院|政府|街道办事处|学校|学院|医院)"
    r"(?:[（(](?:本级|汇总|机关)[）)])?(?:[-－—]\d{6,})?$"
)
# What only a project's name carries: the purpose of the money.
_PROJECT_WORDS = re.compile(
    r"经费|项目|专项|补助|补贴|资金|工程|建设|购置|购买|运维|维护|费$|改造|奖励|服务外包"
)


def reads_as_unit(name: str, known_units: Collection[str] = ()) -> bool:
    """True for '广州市信访局', '深圳市水务局（本级）'; False for '机构运行辅助经费'."""
    compact = re.sub(r"\s+", "", name)
    if not compact:
        return False
    if compact in known_units:
        return True
    return bool(UNIT_SUFFIX.search(compact)) and not _PROJECT_WORDS.search(compact)
