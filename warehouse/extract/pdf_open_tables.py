"""Open ("three-rule") tables: rules above and below the header and at the bottom, no verticals.

pdfplumber's lines strategy needs vertical rules, so these tables are rebuilt here:
- the frame comes from full-width horizontal rules: the first is the top, the one before the
  body the header rule, a last one (if the table ends on this page) the bottom;
- columns come from the body words' x-extents (amounts right-aligned, text left-aligned, so
  every column's words overlap and columns are separated by gaps no word crosses), widened by
  header labels that sit over exactly one column or over none (a column blank in the body);
- header rows are cut at gaps no header word crosses (everywhere) and at partial rules (only
  under the columns they span: the rule under a merged label such as 收入 or 项目);
- a label sits in the leftmost column of the span it is centred on, so merged header cells
  come out as a label followed by '' like pdfplumber's grid tables.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from warehouse.extract.pdf_cells import HANGING

_RULE_Y_TOL = 1.0
_FULL_SHARE = 0.9  # a rule covering 90% of the table width is a frame rule
_MARGIN_SHARE = 0.07  # rules in the outer 7% of the page are running-header furniture
_SPAN_COST = 15.0  # pt: a wider span must centre a label this much better to win
_LETTER_GAP = 0.5  # share of the text height: a wider gap separates two words
# the 栏次 label of the column-numbering row spans the key columns: it marks none of its own
_NUMBERING_LABELS = {"栏次"}


@dataclass(frozen=True)
class Rule:
    y: float
    x0: float
    x1: float


@dataclass
class OpenTable:
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]]
    header_rows: int


def horizontal_rules(
    page: Any,
    exclude: list[tuple[float, float, float, float]],
    words: list[dict[str, Any]],
) -> list[Rule]:
    """Horizontal edges outside the page margins and outside grid tables found already.

    A rule in the top margin is running-header furniture unless it tops a band of labels: a
    table continued on the next page starts right at the top margin, its top rule in the
    margin and its header labels (two words at least) between that rule and the header rule."""
    rules: list[Rule] = []
    height = float(page.height)
    for edge in page.edges:
        if edge["orientation"] != "h" or edge["x1"] - edge["x0"] < 20:
            continue
        y = float(edge["top"])
        if y > height * (1 - _MARGIN_SHARE):
            continue
        if any(
            x0 - 2 <= edge["x0"] and edge["x1"] <= x1 + 2 and t - 2 <= y <= b + 2
            for x0, t, x1, b in exclude
        ):
            continue
        rules.append(Rule(y=y, x0=float(edge["x0"]), x1=float(edge["x1"])))
    rules = _dedupe(rules)
    return [
        r for r in rules if r.y >= height * _MARGIN_SHARE or _tops_labels(r, rules, words, height)
    ]


def _tops_labels(rule: Rule, rules: list[Rule], words: list[dict[str, Any]], height: float) -> bool:
    width = rule.x1 - rule.x0
    below = min(
        (r.y for r in rules if r.y > rule.y + _RULE_Y_TOL and r.x1 - r.x0 >= width * _FULL_SHARE),
        default=None,
    )
    if below is None or below < height * _MARGIN_SHARE:
        return False
    labels = [
        w
        for w in words
        if rule.y < w["top"]
        and w["bottom"] < below
        and rule.x0 - 1 <= w["x0"]
        and w["x1"] <= rule.x1 + 1
    ]
    return len(labels) >= 2


def _dedupe(rules: list[Rule]) -> list[Rule]:
    out: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (r.y, r.x0)):
        if (
            out
            and abs(out[-1].y - rule.y) <= _RULE_Y_TOL
            and abs(out[-1].x0 - rule.x0) < 1
            and (abs(out[-1].x1 - rule.x1) < 1)
        ):
            continue
        out.append(rule)
    return out


def find_open_tables(
    page: Any,
    rules: list[Rule],
    words: list[dict[str, Any]],
    is_title: Callable[[str], bool],
    body_limit: float,
) -> list[OpenTable]:
    """Open tables of one page; `is_title(text)` says a line starts a new table."""
    if len(rules) < 2:
        return []
    starts = _standalone(is_title, words)
    width = max(r.x1 for r in rules) - min(r.x0 for r in rules)
    full = [r for r in rules if r.x1 - r.x0 >= width * _FULL_SHARE]
    groups: list[list[Rule]] = []
    for rule in full:
        if groups and not _title_between(words, groups[-1][-1].y, rule.y, starts):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    groups = [part for group in groups for part in _split_repeated_headers(group, words)]
    tables: list[OpenTable] = []
    for group in groups:
        if len(group) < 2:
            continue
        top = group[0]
        if len(group) >= 3:
            head, bottom_y = group[-2], group[-1].y
        else:
            head = group[1]
            below = [w for w in words if w["top"] > head.y and w["bottom"] < body_limit]
            stop = [w["top"] for w in below if starts(w)]
            bottom_y = min(stop) - 1 if stop else body_limit
        internal = [r for r in rules if top.y + _RULE_Y_TOL < r.y < head.y - _RULE_Y_TOL]
        table = _build(words, top, head, bottom_y, internal)
        if table is not None:
            tables.append(table)
    return tables


def _band_text(words: list[dict[str, Any]], y0: float, y1: float) -> str:
    inside = [w for w in words if y0 < (w["top"] + w["bottom"]) / 2 < y1]
    return "".join(w["text"] for w in sorted(inside, key=lambda w: (w["x0"], w["top"])))


def _split_repeated_headers(group: list[Rule], words: list[dict[str, Any]]) -> list[list[Rule]]:
    """A table that breaks inside a page and goes on under its header printed again (a row
    too tall for what is left of the page is moved on, the header repeated above it): the
    rule closing the first part is the top of the second, whose header band between two
    rules reads as the first one's. Split there, so each part has its own header rule."""
    if len(group) < 4:
        return [group]
    header = _band_text(words, group[0].y, group[1].y)
    if not header:
        return [group]
    for i in range(2, len(group) - 1):
        if _band_text(words, group[i].y, group[i + 1].y) == header:
            return [group[: i + 1], *_split_repeated_headers(group[i:], words)]
    return [group]


def _standalone(
    is_title: Callable[[str], bool], words: list[dict[str, Any]]
) -> Callable[[dict[str, Any]], bool]:
    """Title words are printed on lines of their own (beside a table number at most): a wrapped
    cell line that happens to end in 表 (…申领表、账号表) shares its line with other cells."""

    def title(w: dict[str, Any]) -> bool:
        if not is_title(w["text"]):
            return False
        return all(
            o is w
            or min(o["bottom"], w["bottom"]) - max(o["top"], w["top"])
            < 0.5 * min(o["bottom"] - o["top"], w["bottom"] - w["top"])
            or is_title(o["text"])
            for o in words
        )

    return title


def _title_between(
    words: list[dict[str, Any]], y0: float, y1: float, is_title: Callable[[dict[str, Any]], bool]
) -> bool:
    return any(y0 < w["top"] and w["bottom"] < y1 and is_title(w) for w in words)


def _inside(w: dict[str, Any], x0: float, x1: float, y0: float, y1: float) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return bool(x0 - 1 <= cx <= x1 + 1 and y0 < cy < y1)


def _build(
    words: list[dict[str, Any]], top: Rule, head: Rule, bottom_y: float, internal: list[Rule]
) -> OpenTable | None:
    x0, x1 = top.x0, top.x1
    head_words = _spaced_labels([w for w in words if _inside(w, x0, x1, top.y, head.y)])
    body_words = _spaced_labels([w for w in words if _inside(w, x0, x1, head.y, bottom_y)])
    if not head_words or not body_words:
        return None
    spanning = {
        id(w)
        for w in head_words
        if _over_segment(w, internal) is not None or w["text"] in _NUMBERING_LABELS
    }
    clusters = _columns(body_words, [w for w in head_words if id(w) not in spanning], x0, x1)
    if len(clusters) < 2:
        return None
    bounds = _boundaries(clusters, internal, x0, x1)
    header = _header(head_words, internal, bounds, top.y, head.y)
    body = _body(body_words, bounds)
    return OpenTable(
        top=top.y, bottom=bottom_y, x0=x0, x1=x1, rows=header + body, header_rows=len(header)
    )


def _over_segment(w: dict[str, Any], internal: list[Rule]) -> Rule | None:
    """The partial rule right under a merged label, if the label sits on one."""
    cx = (w["x0"] + w["x1"]) / 2
    for rule in internal:
        below = 0 <= rule.y - w["bottom"] <= 8 and rule.x0 <= cx <= rule.x1
        if below and rule.x1 - rule.x0 > 1.5 * (w["x1"] - w["x0"]):
            return rule
    return None


def _union(intervals: list[tuple[float, float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def _ink_extent(w: dict[str, Any]) -> tuple[float, float]:
    """A word's horizontal extent without the blank half of a hanging closing punctuation
    mark, so a wrapped line that hangs its 、 or 。 into the gap does not join the next column."""
    x1 = float(w["x1"])
    if w["text"][-1:] in HANGING and len(w["text"]) > 1:
        x1 -= 0.5 * (w["bottom"] - w["top"])
    return float(w["x0"]), x1


def _spaced_labels(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Letter-spaced labels (项 目, 合 计) as one word: a gap narrower than half a character
    between two words without digits on one line is spacing, not a column gap."""
    out: list[dict[str, Any]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(last["top"] - w["top"]) < 1
            and 0 <= w["x0"] - last["x1"] <= _LETTER_GAP * (w["bottom"] - w["top"])
            and not any(ch.isdigit() for ch in last["text"] + w["text"])
        ):
            out[-1] = {
                **last,
                "text": f"{last['text']} {w['text']}",
                "x1": w["x1"],
                "bottom": max(last["bottom"], w["bottom"]),
            }
        else:
            out.append(dict(w))
    return out


def _columns(
    body: list[dict[str, Any]], head: list[dict[str, Any]], x0: float, x1: float
) -> list[list[float]]:
    clusters = _union([_ink_extent(w) for w in body])
    labelled = [False] * len(clusters)
    orphans: list[tuple[float, float]] = []
    for w in head:
        hits = [i for i, c in enumerate(clusters) if w["x0"] < c[1] and c[0] < w["x1"]]
        if not hits:
            orphans.append((w["x0"], w["x1"]))
        elif len(hits) == 1:
            c = clusters[hits[0]]
            labelled[hits[0]] = True
            lo, hi = min(c[0], w["x0"]), max(c[1], w["x1"])
            if not any(o is not c and lo < o[1] and o[0] < hi for o in clusters):
                c[0], c[1] = lo, hi
    free = _union(orphans)
    for o in list(free):
        host = _aligned_host(o, clusters, labelled, free, (x0, x1))
        if host is not None:
            c = clusters[host]
            c[0], c[1] = min(c[0], o[0]), max(c[1], o[1])
            labelled[host] = True
            free.remove(o)
    for o in free:
        if not any(o[0] < c[1] and c[0] < o[1] for c in clusters):
            clusters.append(o)
    return sorted(clusters)


def _aligned_host(
    label: list[float],
    clusters: list[list[float]],
    labelled: list[bool],
    others: list[list[float]],
    frame: tuple[float, float],
) -> int | None:
    """The unlabelled body column a label printed beside it heads, if exactly one fits.

    A label is centred over its column and the body is left- or right-aligned in it, so the
    column's far edge is the mirror of the body's aligned edge about the label's centre; the
    column must hold the body, stay inside the table and reach no neighbouring column or label."""
    centre = (label[0] + label[1]) / 2
    fits: list[int] = []
    for i, c in enumerate(clusters):
        if labelled[i]:
            continue
        neighbours = [o for o in clusters if o is not c] + [o for o in others if o is not label]
        for left, right in ((c[0], 2 * centre - c[0]), (2 * centre - c[1], c[1])):
            if left > c[0] + 1 or right < c[1] - 1 or left < frame[0] or right > frame[1]:
                continue  # the body does not fit the column the label centres
            lo, hi = min(left, label[0]), max(right, label[1])
            if not any(lo < o[1] and o[0] < hi for o in neighbours):
                fits.append(i)
                break
    return fits[0] if len(fits) == 1 else None


def _boundaries(
    clusters: list[list[float]], internal: list[Rule], x0: float, x1: float
) -> list[float]:
    """Column edges: a rule's end inside a gap is exact, else the gap's middle."""
    ends = [e for r in internal for e in (r.x0, r.x1)]
    bounds = [x0]
    for left, right in itertools.pairwise(clusters):
        inside = [e for e in ends if left[1] - 1 <= e <= right[0] + 1]
        bounds.append(inside[0] if inside else (left[1] + right[0]) / 2)
    bounds.append(x1)
    return bounds


def _column_of(x: float, bounds: list[float]) -> int:
    for i in range(len(bounds) - 1):
        if x < bounds[i + 1]:
            return i
    return len(bounds) - 2


def _span_start(w: dict[str, Any], bounds: list[float]) -> int:
    """First column of the column range the label is centred on."""
    cx = (w["x0"] + w["x1"]) / 2
    n = len(bounds) - 1
    best, best_cost = _column_of(cx, bounds), float("inf")
    for i in range(n):
        for j in range(i, n):
            if bounds[i] - 2 > w["x0"] or w["x1"] > bounds[j + 1] + 2:
                continue
            cost = abs((bounds[i] + bounds[j + 1]) / 2 - cx) + _SPAN_COST * (j - i)
            if cost < best_cost:
                best, best_cost = i, cost
    return best


def _bands(words: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """Vertical extents no word crosses the gaps between (rows of text)."""
    heights = sorted(w["bottom"] - w["top"] for w in words)
    tol = 0.4 * heights[len(heights) // 2]
    bands: list[list[float]] = []
    for w in sorted(words, key=lambda w: w["top"]):
        if bands and w["top"] < bands[-1][1] + tol:
            bands[-1][1] = max(bands[-1][1], w["bottom"])
        else:
            bands.append([w["top"], w["bottom"]])
    return [(a, b) for a, b in bands]


def _join(words: list[dict[str, Any]]) -> str:
    """Cell text: words on one line joined by a space, wrapped lines joined directly."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) < 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return "".join(" ".join(x["text"] for x in sorted(ln, key=lambda x: x["x0"])) for ln in lines)


def _header(
    words: list[dict[str, Any]],
    internal: list[Rule],
    bounds: list[float],
    top: float,
    bottom: float,
) -> list[list[str]]:
    n = len(bounds) - 1
    bands = _bands(words)
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(bands)]
    cuts: list[tuple[float, Rule | None]] = []
    for g0, g1 in gaps:
        segs = [r for r in internal if g0 - 1 <= r.y <= g1 + 1]
        if not segs:
            cuts.append(((g0 + g1) / 2, None))
    cuts += [(r.y, r) for r in internal]
    ys = sorted({round(y, 1) for y, _ in cuts})
    row_of = {y: i + 1 for i, y in enumerate(ys)}
    grid = [["" for _ in range(n)] for _ in range(len(ys) + 1)]
    placed: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for w in words:
        seg = _over_segment(w, internal)
        if seg is not None:
            col = next((i for i in range(n) if bounds[i] >= seg.x0 - 2), 0)
        else:
            col = _span_start(w, bounds)
        cx = (bounds[col] + bounds[col + 1]) / 2
        cy = (w["top"] + w["bottom"]) / 2
        applies = sorted(round(y, 1) for y, r in cuts if r is None or r.x0 - 1 <= cx <= r.x1 + 1)
        start = max((y for y in applies if y < cy), default=None)
        row = 0 if start is None else row_of[start]
        placed.setdefault((row, col), []).append(w)
    for (row, col), ws in placed.items():
        grid[row][col] = _join(ws)
    return grid


def _body(words: list[dict[str, Any]], bounds: list[float]) -> list[list[str]]:
    n = len(bounds) - 1
    rows: list[list[str]] = []
    for y0, y1 in _bands(words):
        cells: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        for w in words:
            if y0 <= (w["top"] + w["bottom"]) / 2 <= y1:
                cells[_column_of((w["x0"] + w["x1"]) / 2, bounds)].append(w)
        rows.append([_join(c) for c in cells])
    return rows
