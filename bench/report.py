"""The benchmark's one table: each size's results flattened into rows (figure, ours, baseline, ratio, unit,
target, met), a "not measured" row for every target figure a size's run did not measure (its phase failed
or did not run), growth exponents between the smallest and the largest size, and the printing.

>>> fmt(None), fmt(1234.5), fmt(0.123)
('n/a', '1,234', '0.12')
>>> judge(3.0, "<", 5.0), judge(None, "<", 5.0), judge(1.6, ">=", 1.5)
('met', 'not measured', 'met')
"""
from __future__ import annotations

import math
import operator

from bench.sparql import queries as sparql_queries

COLS = ("figure", "size", "n", "ours", "baseline", "ratio", "unit", "target", "met")
OPS = {"<": operator.lt, "<=": operator.le, ">=": operator.ge}
GROWTH_LIMIT = 0.1          # the target for every page kind, 1k -> 100k
SPARQL_CHEAP_MS = 10.0      # oxigraph's median under this: within 1 ms of it, else within 1.2x
COMMON_WORD = "armistice"
# (kind, ext, figure) -> (which value is judged, op, limit, the target as printed); cold only
DEREF_TARGETS = {("record", "ttl", "req/s"): ("ratio", ">=", 1.5, ">= 1.5x oxigraph DESCRIBE"),
                 ("record", "ttl", "p99"): ("ours", "<", 10.0, "< 10 ms"),
                 ("record", "jsonld", "req/s"): ("ratio", ">=", 0.8, ">= 0.8x our Turtle"),
                 ("record", "html", "req/s"): ("ratio", ">=", 0.8, ">= 0.8x our Turtle"),
                 ("person (most-named)", "html", "p50"): ("ours", "<", 50.0, "< 50 ms"),
                 ("person (median)", "html", "p50"): ("ours", "<", 15.0, "< 15 ms")}
PEOPLE_TARGETS = {"most-named": 50.0, "median": 15.0}


def judge(value: float | None, op: str, limit: float) -> str:
    """'met', 'missed', or 'not measured' when there is no value."""
    return "not measured" if value is None else ("met" if OPS[op](value, limit) else "missed")


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def deref_name(kind: str, ext: str, temp: str, what: str, base: str) -> str:
    """The figure name of one dereferencing row (also what :func:`expected` looks for)."""
    return f"{kind} .{ext} {temp} {what} (vs {base})"


def clean(stats: dict | None) -> dict | None:
    """A load phase's figures, or None when any request failed or was answered with other than 200: a
    phase that failed is not counted as measured."""
    if not stats or stats.get("errors") or set(stats.get("statuses", {})) - {200, "200"} or not stats.get("requests"):
        return None
    return stats


class Rows:
    """Rows of one size, each judged against its target as it is added."""

    def __init__(self, size: int) -> None:
        self.size, self.rows = size, []

    def add(self, fig: str, ours, base, unit: str, target: str = "-", check: tuple | None = None,
            n: int | None = None, growth: bool = False, ratio=None, met: str | None = None) -> None:
        """``check``: (``"ours"`` or ``"ratio"``, op, limit); ``met`` instead, when judged by the caller."""
        ratio = _ratio(ours, base) if ratio is None else ratio
        if met is None:
            met = judge(ours if check[0] == "ours" else ratio, check[1], check[2]) if check else "-"
        self.rows.append({"figure": fig, "size": self.size, "n": n, "ours": ours, "baseline": base,
                          "ratio": ratio, "unit": unit, "target": target, "met": met, "growth": growth})


def _deref_rows(kind: str, v: dict, rows: Rows) -> None:
    """One sample group: Turtle against both oxigraph baselines, JSON-LD and HTML against our Turtle; cold
    and warm; req/s, server CPU per request, p50, p99."""
    for temp in ("cold", "warm"):
        ttl = clean((v.get("ttl") or {}).get("ours", {}).get(temp))
        for ext in ("ttl", "jsonld", "html"):
            mine = v.get(ext)
            if not mine:
                continue
            ours = clean(mine["ours"].get(temp))
            if ext == "ttl":
                bases = [("oxigraph DESCRIBE", clean(mine.get("oxigraph DESCRIBE", {}).get(temp))),
                         ("oxigraph CONSTRUCT", clean(mine.get("oxigraph CONSTRUCT", {}).get(temp)))]
            else:
                bases = [("our Turtle", ttl)]
            n = ours["requests"] if ours else None
            for bname, b in bases:
                t = DEREF_TARGETS.get((kind, ext, "req/s")) if temp == "cold" and bname != "oxigraph CONSTRUCT" else None
                rows.add(deref_name(kind, ext, temp, "req/s", bname), ours and ours["rps"], b and b["rps"], "req/s",
                         t[3] if t else "-", t[:3] if t else None, n=n)
                rows.add(deref_name(kind, ext, temp, "server CPU/req", bname), ours and ours["server_cpu_ms_per_req"],
                         b and b["server_cpu_ms_per_req"], "ms", n=n, growth=temp == "cold")
            bname, b = bases[0]
            for q in ("p50", "p99"):
                t = DEREF_TARGETS.get((kind, ext, q)) if temp == "cold" else None
                rows.add(deref_name(kind, ext, temp, q, bname), ours and ours[f"{q}_ms"], b and b[f"{q}_ms"], "ms",
                         t[3] if t else "-", t[:3] if t else None, n=n, growth=temp == "cold" and q == "p50")


def figures(r: dict) -> list[dict]:
    """Flatten one size's results into rows; what a failed or missing phase would have given is left out
    here (see :func:`expected`)."""
    rows = Rows(r["records"])
    ing, raw = r.get("ingest"), r.get("raw_bulk_load")
    if ing:
        rows.add("ingest time (vs raw bulk_load)", ing["wall_s"], raw and raw["wall_s"], "s", "<= 2x raw",
                 ("ratio", "<=", 2.0))
        rows.add("ingest ms per record (vs raw bulk_load)", round(1000 * ing["wall_s"] / r["records"], 3),
                 raw and round(1000 * raw["wall_s"] / r["records"], 3), "ms", growth=True)
        rows.add("ingest CPU s (vs raw bulk_load)", ing.get("cpu_s"), raw and raw.get("cpu_s"), "s")
        rows.add("ingest peak RSS (vs raw bulk_load)", ing["peak_rss_mb"], raw and raw["peak_rss_mb"], "MB",
                 "< 1024 MB", ("ours", "<", 1024))
    re = r.get("reingest")
    if re:
        shown = sum(re["shows_change"].values())
        rows.add(f"re-ingest one changed record, wall (served: {shown}/3 formats show it)", re["wall_s"], None, "s",
                 "< 5 s, change served", met=judge(re["wall_s"], "<", 5.0) if re["all_show_change"] else "missed")
        rows.add("re-ingest one changed record, CPU", re["cpu_s"], None, "s")
    for name, v in r.get("sparql", {}).items():
        o, x = v["ours"]["median_ms"], v["oxigraph"]["median_ms"]
        same = v.get("same_answer", True)
        fig = f"sparql {name} median (vs oxigraph{'' if same else ', ANSWERS DIFFER'})"
        if x < SPARQL_CHEAP_MS:
            rows.add(fig, o, x, "ms", "+<= 1 ms", n=v.get("rounds"), growth=True, ratio=f"{v['extra_ms']:+.2f} ms",
                     met=judge(v["extra_ms"], "<=", 1.0) if same else "missed")
        else:
            rows.add(fig, o, x, "ms", "<= 1.2x", n=v.get("rounds"), growth=True, ratio=_ratio(o, x),
                     met=judge(_ratio(o, x), "<=", 1.2) if same else "missed")
    for word, v in r.get("search", {}).items():
        common = word == COMMON_WORD
        rows.add(f"search '{word}' p50 (vs SPARQL CONTAINS)", v["fts"]["median_ms"],
                 v["sparql_contains"]["median_ms"], "ms", "< 50 ms" if common else "-",
                 ("ours", "<", 50.0) if common else None, n=v["fts"]["runs"], growth=True)
    d = r.get("deref", {})
    css = clean((d.get("baseline /static/site.css") or {}).get("warm"))
    if css:
        rows.add("static file warm req/s (ref: gunicorn + Flask)", css["rps"], None, "req/s", n=css["requests"])
    for kind, v in d.items():
        if kind.startswith("baseline"):
            continue
        _deref_rows(kind, v, rows)
        s = v.get("same_triples")
        if s and s.get("checked"):
            rows.add(f"{kind} triples: ours (vs CONSTRUCT; same in {s['same']}/{s['checked']})", s["ours_triples"],
                     s["construct_triples"], "triples", "same", n=s["checked"],
                     met="met" if s["same"] == s["checked"] else "missed")
    p = r.get("people")
    if p:
        for who, page, before, after in p["pages"]:
            limit = PEOPLE_TARGETS.get(who) if page == "html" else None
            rows.add(f"person ({who}) {page} in-process cold p50 (vs {p['baseline']})", after, before, "ms",
                     f"< {limit:.0f} ms" if limit else "-", ("ours", "<", limit) if limit else None, growth=True)
    if "startup_s" in r:
        rows.add("startup to first /health 200 (vs oxigraph)", r["startup_s"], r.get("oxigraph_startup_s"), "s",
                 "< 1 s", ("ours", "<", 1.0))
    return rows.rows


def expected() -> list[tuple[str, str]]:
    """Every figure that carries a target: (figure, target)."""
    out = [("ingest time (vs raw bulk_load)", "<= 2x raw"), ("ingest peak RSS (vs raw bulk_load)", "< 1024 MB"),
           ("re-ingest one changed record, wall", "< 5 s, change served"),
           (f"search '{COMMON_WORD}' p50 (vs SPARQL CONTAINS)", "< 50 ms"),
           ("startup to first /health 200 (vs oxigraph)", "< 1 s")]
    out += [(f"sparql {name} median (vs oxigraph", "<= 1.2x or +<= 1 ms") for name in sparql_queries("r", "p")]
    for (kind, ext, what), t in DEREF_TARGETS.items():
        base = "oxigraph DESCRIBE" if ext == "ttl" else "our Turtle"
        out.append((deref_name(kind, ext, "cold", what, base), t[3]))
    out += [(f"person ({who}) html in-process cold p50", f"< {v:.0f} ms") for who, v in PEOPLE_TARGETS.items()]
    return out


def missing(rows: list[dict], size: int) -> list[dict]:
    """A 'not measured' row for each target figure no row of ``size`` begins with."""
    have = [r["figure"] for r in rows if r["size"] == size]
    return [{"figure": fig, "size": size, "n": None, "ours": None, "baseline": None, "ratio": None, "unit": "",
             "target": target, "met": "not measured", "growth": False}
            for fig, target in expected() if not any(h.startswith(fig) for h in have)]


def slope(lo: tuple[float, float], hi: tuple[float, float]) -> float | None:
    """The log-log slope between two (size, value) points; None when a value is missing or not positive.

    >>> slope((1000, 10.0), (100000, 10.0)), slope((1000, 1.0), (100000, 100.0)), slope((1000, None), (10, 1))
    (0.0, 1.0, None)
    """
    (x0, y0), (x1, y1) = lo, hi
    if not (x0 and x1 and y0 and y1) or y0 <= 0 or y1 <= 0 or x0 == x1:
        return None
    return round(math.log(y1 / y0) / math.log(x1 / x0), 3)


def growth(rows: list[dict]) -> list[dict]:
    """Per growth figure (each page kind's cold p50 and server CPU per request, each SPARQL query, search,
    ingest per record): the slope of log(value) on log(size) between the smallest and the largest size run,
    for ours and the baseline; target < 0.1."""
    by: dict[str, dict[int, dict]] = {}
    for row in rows:
        if row.get("growth"):
            by.setdefault(_stem(row["figure"]), {})[row["size"]] = row
    out = []
    for fig, per in by.items():
        if len(per) < 2:
            continue
        lo, hi = per[min(per)], per[max(per)]
        ours = slope((lo["size"], lo["ours"]), (hi["size"], hi["ours"]))
        out.append({"figure": "growth exponent: " + fig, "size": f"{lo['size']}-{hi['size']}", "n": None,
                    "ours": ours, "baseline": slope((lo["size"], lo["baseline"]), (hi["size"], hi["baseline"])),
                    "ratio": None, "unit": "", "target": f"< {GROWTH_LIMIT}",
                    "met": judge(ours, "<", GROWTH_LIMIT), "growth": False})
    return out


def _stem(fig: str) -> str:
    """A figure's name without what varies between sizes (an answer check, a count in parentheses)."""
    return fig.replace(", ANSWERS DIFFER", "")


def problems(r: dict) -> list[str]:
    """What failed in one size's run, to print under the table."""
    out = [f"n={r['records']}: FAILED: {r['error']}"] if "error" in r else []
    for name, ph in r.get("phases", {}).items():
        if "error" in ph:
            out.append(f"n={r['records']}: phase {name} failed: {ph['error']}")
    for kind, v in r.get("deref", {}).items():
        for e in v.get("errors", []) + v.get("same_triples", {}).get("errors", []):
            out.append(f"n={r['records']}: {kind}: {e}")
        for e in v.get("warm_skipped", []):
            out.append(f"n={r['records']}: {kind}: warm not measured ({e})")
    for e in r.get("reingest", {}).get("errors", []):
        out.append(f"n={r['records']}: re-ingest: {e}")
    return out


def table(results: list[dict]) -> list[dict]:
    """Every row of every size (target figures not measured included), then the growth exponents."""
    rows = [row for r in results for row in figures(r)]
    for r in results:
        rows += missing(rows, r["records"])
    rows.sort(key=lambda x: (x["figure"], x["size"]))
    return rows + growth(rows)


def fmt(v) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def print_table(rows: list[dict], head: str = "") -> None:
    if head:
        print(head)
    cells = [[fmt(r.get(c)) for c in COLS] for r in rows]
    w = [max([len(c)] + [len(x[i]) for x in cells]) for i, c in enumerate(COLS)]

    def line(xs: list[str]) -> str:
        return "  ".join(x.ljust(w[i]) if i in (0, 6, 7, 8) else x.rjust(w[i]) for i, x in enumerate(xs))

    print(line(list(COLS)))
    print(line(["-" * x for x in w]))
    for c in cells:
        print(line(c))


def print_report(rows: list[dict], head: str = "") -> None:
    """The rows judged against a target first (growth exponents included), then every other figure."""
    print_table([r for r in rows if r["met"] != "-"], head=head + "\ntargets:" if head else "targets:")
    print()
    print_table([r for r in rows if r["met"] == "-"], head="every other figure:")
