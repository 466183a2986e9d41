"""The benchmark's one table: each size's results flattened into rows (figure, ours, baseline, ratio, unit,
target), growth exponents over the sizes, and the printing.

>>> fmt(None), fmt(1234.5), fmt(0.123)
('n/a', '1,234', '0.12')
"""
from __future__ import annotations

import math

COLS = ("figure", "size", "n", "ours", "baseline", "ratio", "unit", "target")
DEREF_TARGETS = {("record", "ttl", "req/s"): ">= 1.5 (vs DESCRIBE, cold, 100k)",
                 ("record", "ttl", "p99"): "< 10 ms (cold, 100k)",
                 ("record", "jsonld", "req/s"): ">= 0.8", ("record", "html", "req/s"): ">= 0.8",
                 ("person (most-named)", "html", "p50"): "< 50 ms", ("person (median)", "html", "p50"): "< 15 ms"}


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def _deref_rows(kind: str, v: dict, add) -> None:
    """Rows of one sample group: Turtle against both oxigraph baselines, JSON-LD and HTML against our
    Turtle; cold and warm; req/s, server CPU per request, p50, p99."""
    for temp in ("cold", "warm"):
        for ext in ("ttl", "jsonld", "html"):
            if ext not in v or "ttl" not in v:
                continue
            ours = v[ext]["ours"][temp]
            if ext == "ttl":
                bases = [("CONSTRUCT", v[ext]["oxigraph CONSTRUCT"][temp]),
                         ("DESCRIBE", v[ext]["oxigraph DESCRIBE"][temp])]
            else:
                bases = [("our Turtle", v["ttl"]["ours"][temp])]
            name = f"{kind} .{ext} {temp}"
            for bname, b in bases:
                add(f"{name} req/s (vs oxigraph {bname})" if ext == "ttl" else f"{name} req/s (vs {bname})",
                    ours["rps"], b["rps"], "req/s", DEREF_TARGETS.get((kind, ext, "req/s"), "-") if temp == "cold"
                    and bname != "CONSTRUCT" else "-", time_like=False, n=ours["requests"])
                add(f"{name} server CPU/req (vs {'oxigraph ' if ext == 'ttl' else ''}{bname})",
                    ours["server_cpu_ms_per_req"], b["server_cpu_ms_per_req"], "ms", "-", n=ours["requests"])
            b = bases[0][1]
            for q in ("p50", "p99"):
                add(f"{name} {q} (vs {'oxigraph ' if ext == 'ttl' else ''}{bases[0][0]})", ours[f"{q}_ms"],
                    b[f"{q}_ms"], "ms", DEREF_TARGETS.get((kind, ext, q), "-") if temp == "cold" else "-",
                    n=ours["requests"])


def figures(r: dict) -> list[dict]:
    """Flatten one size's results into rows: figure, ours, baseline, ratio, unit, target."""
    size = r["records"]
    rows: list[dict] = []

    def add(fig: str, ours, base, unit: str, target: str, time_like: bool = True, n: int | None = None) -> None:
        rows.append({"figure": fig, "size": size, "n": n, "ours": ours, "baseline": base,
                     "ratio": _ratio(ours, base), "unit": unit, "target": target, "time_like": time_like})

    if "raw_bulk_load" not in r:
        return rows
    ing, raw = r["ingest"], r["raw_bulk_load"]
    add("ingest time (vs raw bulk_load)", ing["wall_s"], raw["wall_s"], "s", "ratio <= 2")
    add("ingest records/s", ing["records_per_s"], raw["records_per_s"], "rec/s", "-", time_like=False)
    add("ingest peak RSS (vs bulk_load)", ing["peak_rss_mb"], raw["peak_rss_mb"], "MB", "< 1024 MB at 100k",
        time_like=False)
    for name, v in r.get("sparql", {}).items():
        add(f"sparql {name} median (vs oxigraph, same store)", v["ours"]["median_ms"], v["oxigraph"]["median_ms"],
            "ms", "<= 1.2x (> 10 ms), +1 ms", n=v["ours"]["runs"])
    for word, v in r.get("search", {}).items():
        add(f"search '{word}' p50 (vs SPARQL CONTAINS)", v["fts"]["median_ms"], v["sparql_contains"]["median_ms"],
            "ms", "< 50 ms", n=v["fts"]["runs"])
    d = r.get("deref", {})
    css = d.get("baseline /static/site.css")
    if css:
        add("static file warm req/s (ref: gunicorn + Flask)", css["warm"]["rps"], None, "req/s", "-",
            time_like=False, n=css["warm"]["requests"])
    for kind, v in d.items():
        if kind.startswith("baseline"):
            continue
        _deref_rows(kind, v, add)
        s = v.get("same_triples")
        if s:
            add(f"{kind} triples: ours (vs CONSTRUCT; same in {s['same']}/{s['checked']})", s["ours_triples"],
                s["construct_triples"], "triples", "same", time_like=False, n=s["checked"])
            add(f"{kind} Turtle bytes: ours (vs DESCRIBE)", s["ours_bytes"], s["describe_bytes"], "bytes", "-",
                time_like=False, n=s["checked"])
    if "startup_s" in r:
        add("startup to first /health 200 (vs oxigraph)", r["startup_s"], r.get("oxigraph_startup_s"), "s", "< 1 s")
    return rows


def growth(rows: list[dict]) -> list[dict]:
    """Per figure over the sizes: the slope of log(value) on log(n), for ours and the baseline."""
    by: dict[str, list[dict]] = {}
    for row in rows:
        by.setdefault(row["figure"], []).append(row)

    def slope(pts: list[tuple[float, float]]) -> float | None:
        pts = [(math.log(x), math.log(y)) for x, y in pts if x and y and y > 0]
        if len(pts) < 2:
            return None
        mx = sum(p[0] for p in pts) / len(pts)
        my = sum(p[1] for p in pts) / len(pts)
        den = sum((p[0] - mx) ** 2 for p in pts)
        return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 2) if den else None

    out = []
    for fig, rs in by.items():
        if len({r["size"] for r in rs}) < 2 or not (rs[0].get("time_like") or fig.startswith("ingest time")):
            continue
        sizes = sorted(r["size"] for r in rs)
        out.append({"figure": "growth exponent: " + fig, "size": f"{sizes[0]}-{sizes[-1]}", "n": None,
                    "ours": slope([(r["size"], r["ours"]) for r in rs]),
                    "baseline": slope([(r["size"], r["baseline"]) for r in rs]), "ratio": None, "unit": "",
                    "target": "<= 1.05" if fig.startswith("ingest time") else "< 0.1"})
    return out


def problems(r: dict) -> list[str]:
    """What failed in one size's run, to print under the table."""
    out = [f"n={r['records']}: FAILED: {r['error']}"] if "error" in r else []
    for kind, v in r.get("deref", {}).items():
        for e in v.get("errors", []) + v.get("same_triples", {}).get("errors", []):
            out.append(f"n={r['records']}: {kind}: {e}")
    return out


def fmt(v) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def print_table(rows: list[dict]) -> None:
    cells = [[fmt(r.get(c)) for c in COLS] for r in rows]
    w = [max([len(c)] + [len(x[i]) for x in cells]) for i, c in enumerate(COLS)]

    def line(xs: list[str]) -> str:
        return "  ".join(x.ljust(w[i]) if i in (0, 6, 7) else x.rjust(w[i]) for i, x in enumerate(xs))

    print(line(list(COLS)))
    print(line(["-" * x for x in w]))
    for c in cells:
        print(line(c))
