"""The 一级/二级指标 words of the national performance-goal templates (项目 and 部门整体).

Small, known lists: they tell a level cell from an indicator name when the print lost the
column positions (broken text cells, shifted tab rows)."""

from __future__ import annotations

LEVEL1_WORDS = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "履职效能",
    "预算执行",
    "管理效率",
    "运行成本",
    "社会效应",
    "可持续性",
    "决策",
    "过程",
    "产出",
    "效益",
    "效果",
    "投入",
)
LEVEL2_WORDS = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "社会公众满意度指标",
    "满意度指标",
)
