"""Cut the name fragments of one 绩效自评表 row into 一级/二级/三级 (and a qualitative 指标值).

When the text extraction breaks every cell into lines of a few characters, the fragments of
the 一级, 二级 and 三级 cells of a row come one after another with nothing between them. Two
kinds of knowledge cut the stream:
- the national templates' small 一级/二级 vocabularies (产出指标 › 数量指标 …, 履职效能 …);
- the column widths: a cell prints full lines of its column's width and one last line that
  may be shorter, so a fragment longer than a column's width cannot belong to it, and a
  fragment shorter than it closes the cell. Widths come from the broken header (一级指/标).
A few words only ever end a name (情况, 指标, 率 …): a cell never starts with them.
What stays ambiguous is resolved by the genre's habit (qualitative 指标值 are four-character
phrases: 管理规范, 全部公开) and reported, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warehouse.parse.kpi_vocabulary import LEVEL1_WORDS, LEVEL2_WORDS

# words that end a name and never start one
_ENDINGS = ("情况", "指标", "标", "率", "度", "性", "理", "况")
_QUALITATIVE_TARGET_CHARS = 4


@dataclass(frozen=True)
class Widths:
    """Characters per printed line of the 一级, 二级 and 三级 columns; None when unknown."""

    level1: int | None = None
    level2: int | None = None
    level3: int | None = None


@dataclass
class Names:
    level1: str | None
    level2: str | None
    level3: str
    target: str | None = None
    doubts: list[str] = field(default_factory=list)


def _vocabulary_prefix(frags: list[str], words: tuple[str, ...]) -> int:
    """How many leading fragments spell a vocabulary word exactly; 0 when none does."""
    text = ""
    best = 0
    for count, frag in enumerate(frags, start=1):
        text += frag
        if text in words:
            best = count
        if not any(w.startswith(text) for w in words):
            break
    return best


def _fits(frags: list[str], width: int | None) -> bool:
    """The fragments can be one cell of that width: full lines, then one shorter or full."""
    if width is None:
        return True
    return all(len(f) == width for f in frags[:-1]) and len(frags[-1]) <= width


def _can_start(frag: str, width: int | None) -> bool:
    return frag not in _ENDINGS and (width is None or len(frag) <= width)


def _level2_count(frags: list[str], widths: Widths, qualitative: bool) -> int | None:
    """Fragments of a 二级 cell not in the vocabulary: the fewest that fit its width and leave a
    三级 start; None when no cut fits."""
    for count in range(1, len(frags)):
        head, rest = frags[:count], frags[count:]
        if not _fits(head, widths.level2):
            return None
        if _can_start(rest[0], widths.level3) and _level3_fits(rest, widths.level3, qualitative):
            return count
    return None


def _level3_fits(frags: list[str], width: int | None, qualitative: bool) -> bool:
    """The fragments are one 三级 cell; on a qualitative row they only open with one (full
    lines up to a shorter closing one), the 指标值 following."""
    if width is None:
        return True
    if not qualitative:
        return _fits(frags, width)
    for frag in frags:
        if len(frag) > width:
            return False
        if len(frag) < width:
            return True
    return True


def _starts_level2(frags: list[str], widths: Widths, has_level1: bool, qualitative: bool) -> bool:
    """A row without a vocabulary 二级 opens a new 二级 cell when it opens a new 一级, or when
    its first fragment is too wide for the 三级 column (or does not fit as a 三级 start)."""
    if has_level1:
        return True
    if widths.level3 is None or widths.level2 is None or widths.level2 == widths.level3:
        return False
    return not _can_start(frags[0], widths.level3) or not _level3_fits(
        frags, widths.level3, qualitative
    )


def _split_target(frags: list[str], width: int | None, names: Names) -> list[str]:
    """Qualitative row: the fragments left after the 三级 cell are its 指标值."""
    if width is not None:
        for i, frag in enumerate(frags[:-1]):
            if len(frag) < width:
                names.target = "".join(frags[i + 1 :])
                return frags[: i + 1]
    taken = 0
    for i in range(len(frags) - 1, 0, -1):
        taken += len(frags[i])
        if taken >= _QUALITATIVE_TARGET_CHARS:
            names.target = "".join(frags[i:])
            names.doubts.append(
                f"三级指标/指标值 cut by the four-character habit: {''.join(frags)}"
            )
            return frags[:i]
    names.doubts.append(f"no 指标值 told apart from the 三级指标: {''.join(frags)}")
    return frags


def split_names(frags: list[str], widths: Widths, *, qualitative: bool = False) -> Names:
    """One row's name fragments -> 一级 (or None: carried), 二级 (or None), 三级 [, 指标值]."""
    names = Names(level1=None, level2=None, level3="")
    rest = [f for f in frags if f]
    count = _vocabulary_prefix(rest[:-1], LEVEL1_WORDS)
    if count:
        names.level1, rest = "".join(rest[:count]), rest[count:]
    count = _vocabulary_prefix(rest[:-1], LEVEL2_WORDS)
    if count:
        names.level2, rest = "".join(rest[:count]), rest[count:]
    elif rest and _starts_level2(rest, widths, names.level1 is not None, qualitative):
        found = _level2_count(rest, widths, qualitative)
        if found is None:
            names.doubts.append(f"二级指标 not told apart from the 三级指标: {''.join(rest)}")
        else:
            names.level2, rest = "".join(rest[:found]), rest[found:]
    if qualitative and len(rest) > 1:
        rest = _split_target(rest, widths.level3, names)
    names.level3 = "".join(rest)
    return names
