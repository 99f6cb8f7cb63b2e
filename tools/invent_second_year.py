"""Invent the 2024 budget of 沈阳市医疗保障事务服务中心 from its real 2023 budget.

The sample corpus has no unit with two consecutive years, and year-over-year marts need one.
This document is INVENTED (documented as such in its document.yaml): the 2023 transcription
moved one year on, every amount doubled (doubling keeps every printed total equal to the sum
of its parts), rendered by tools.samplegen. Run: python -m tools.invent_second_year
"""

from __future__ import annotations

import shutil

import yaml

from tools.samplegen import load_document, render
from warehouse.config import REPO_ROOT
from warehouse.synthetic.corpus import write_transcription
from warehouse.synthetic.perturb import Variant

SOURCE = "001_shenyang_center_2023_budget"
TARGET = "shenyang_center_2024_budget"
INVENTED = REPO_ROOT / "data" / "invented"


def main() -> None:
    variant = Variant(
        index=0,
        source=SOURCE,
        profile="001",
        city_from="沈阳",
        city_to="沈阳",
        codes=(),
        year_shift=1,
        scale=2,
    )
    work = INVENTED / "_work"
    folder = write_transcription(variant, work)
    target = INVENTED / TARGET
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(str(folder), target)
    meta_path = target / "document.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta["invented"] = True
    meta["title"] = f"{meta['title']}（虚构示例，非真实公开文件）"
    meta["seed"] = None
    meta["notes_transcriber"] = [
        "INVENTED: the 2023 unit budget of 沈阳市医疗保障事务服务中心 (seed 001) moved to 2024 "
        "with every amount doubled, for year-over-year tests. Not a real disclosure."
    ]
    meta["narrative"] = []
    meta["inconsistencies"] = []
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), "utf-8")
    render(load_document(target), INVENTED, INVENTED)
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {target} and {INVENTED / (TARGET + '.pdf')}")


if __name__ == "__main__":
    main()
