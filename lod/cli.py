"""The ``lod`` command: ingest, query, export, link, evaluate, serve.

Exit codes: 0 success; 1 some input rejected or a query/store error; 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from lod import __version__
from lod.config import BaseMismatch, Config
from lod.store import QueryError, StoreError, open_dataset, open_store
from lod.formats import DATASET_FORMATS, Format, by_filename

QUERY_FORMATS = ("table", "json", "csv", "tsv", "turtle", "ntriples")
EXPORT_DEFAULT = "nq"  # N-Quads keeps every named graph


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lod", description="Publish archival records as linked open data.")
    p.add_argument("--version", action="version", version=f"lod {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def store_opt(sp: argparse.ArgumentParser) -> None:
        g = sp.add_mutually_exclusive_group()
        g.add_argument("--store", metavar="DIR", help="embedded store directory (env LOD_STORE; default ./var/store)")
        g.add_argument("--endpoint", metavar="QUERY_URL",
                       help="a remote SPARQL store's query URL instead (env LOD_ENDPOINT)")
        sp.add_argument("--update-endpoint", metavar="URL", help="the remote store's SPARQL Update URL "
                        "(env LOD_UPDATE_ENDPOINT)")
        sp.add_argument("--graph-store", metavar="URL", help="the remote store's Graph Store Protocol URL "
                        "(env LOD_GRAPH_STORE); credentials only from LOD_REMOTE_USER / LOD_REMOTE_PASSWORD")

    sp = sub.add_parser("ingest", help="load record files (.txt pages, .csv, .jsonl) or folders")
    store_opt(sp)
    sp.add_argument("--base", metavar="URI", help="base URI (env LOD_BASE; default: the store's own, else "
                    "http://localhost:5000/)")
    sp.add_argument("--replace", action="store_true", help="rebuild the store from exactly these inputs")
    sp.add_argument("--authority", metavar="FILE", type=Path, help="authority file (TSV) of known entities")
    sp.add_argument("--collection", metavar="FILE", type=Path, help="the one collection of every input (env "
                    "LOD_COLLECTION; default: each input's nearest collection.toml, in its folder or above it "
                    "up to the input given; without one, the store's, else the bundled data/collection.toml)")
    sp.add_argument("--quiet", "-q", action="store_true", help="no progress bar, summary only")
    sp.add_argument("--no-dumps", action="store_true", help="do not rewrite the download dumps")
    sp.add_argument("--precompute", action=argparse.BooleanOptionalAction, default=None,
                    help="describe the changed resources for the shared document store now (default: unless "
                    "everything changed, as in a rebuild; otherwise the first request for each does)")
    sp.add_argument("paths", nargs="+", metavar="PATH", type=Path)

    sp = sub.add_parser("query", help="run a SPARQL query on the store or on any SPARQL endpoint")
    store_opt(sp)
    sp.add_argument("--format", "-f", choices=QUERY_FORMATS, default="table")
    sp.add_argument("query", metavar="QUERY|@FILE|-", help="the query, @FILE to read it from a file, - from "
                    "standard input")

    sp = sub.add_parser("export", help="write the whole dataset")
    store_opt(sp)
    sp.add_argument("--format", "-f", choices=[f.extension for f in DATASET_FORMATS],
                    help=f"default: from the output file's extension, else {EXPORT_DEFAULT}")
    sp.add_argument("-o", "--output", metavar="FILE", type=Path, help="file to write (default: standard output)")

    sp = sub.add_parser("link", help="propose links to Wikidata for review; --accept applies a reviewed file")
    from lod.linking.command import add_arguments as link_arguments
    link_arguments(sp)

    sp = sub.add_parser("evaluate", help="ingest into a scratch store and score the extraction against gold")
    sp.add_argument("--base", metavar="URI", help="base URI of the scratch store (env LOD_BASE)")
    sp.add_argument("--authority", metavar="FILE", type=Path, help="authority file (TSV) of known entities")
    sp.add_argument("--json", action="store_true", help="the figures as JSON")
    sp.add_argument("--details", action="store_true", help="per file: wrong fields, missed and spurious entities")
    sp.add_argument("gold", metavar="GOLD.jsonl", type=Path, help="gold annotations, one JSON object per record")
    sp.add_argument("inputs", nargs="*", metavar="INPUT", type=Path,
                    help="files or folders to ingest (default: the records/ folder beside GOLD.jsonl)")

    sp = sub.add_parser("serve", help="serve the store over HTTP")
    store_opt(sp)
    sp.add_argument("--base", metavar="URI", help="base URI (env LOD_BASE; default: the one the store was "
                    "ingested with); one that contradicts it is refused")
    sp.add_argument("--collection", metavar="FILE", type=Path, help="the collection's identity (env "
                    "LOD_COLLECTION; default: the one the store was ingested with)")
    sp.add_argument("--host", default=None, help="default 127.0.0.1")
    sp.add_argument("--port", type=int, default=None, help="default 5000")
    sp.add_argument("--workers", type=int, default=None, metavar="N",
                    help="serve with gunicorn and N worker processes (env LOD_WORKERS; default: the "
                         "development server)")
    sp.add_argument("--query-timeout", type=float, default=None, metavar="SECONDS",
                    help="SPARQL time limit (env LOD_QUERY_TIMEOUT; default 10)")
    sp.add_argument("--row-cap", type=int, default=None, metavar="N",
                    help="rows a SPARQL answer carries at most (env LOD_ROW_CAP; default 10000)")
    sp.add_argument("--cors-origins", default=None, metavar="ORIGINS",
                    help='"*" or a comma-separated list (env LOD_CORS_ORIGINS; default "*")')
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        cfg = _config(args)
    except ValueError as e:
        print(f"lod: {e}", file=sys.stderr)
        return 2
    try:
        return {"ingest": cmd_ingest, "query": cmd_query, "export": cmd_export, "serve": cmd_serve,
                "link": cmd_link, "evaluate": cmd_evaluate}[args.command](args, cfg)
    except StoreError as e:
        print(f"lod: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lod: interrupted; the store is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `lod query … | head`: the reader has gone, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _config(args: argparse.Namespace) -> Config:
    """Defaults, then the environment, then the command's options."""
    return Config.from_env(store=getattr(args, "store", None), base=getattr(args, "base", None),
                          endpoint=getattr(args, "endpoint", None),
                          update_endpoint=getattr(args, "update_endpoint", None),
                          graph_store=getattr(args, "graph_store", None),
                          authority=getattr(args, "authority", None),
                          collection=getattr(args, "collection", None),
                          host=getattr(args, "host", None), port=getattr(args, "port", None),
                          workers=getattr(args, "workers", None),
                          query_timeout=getattr(args, "query_timeout", None),
                          row_cap=getattr(args, "row_cap", None),
                          cors_origins=getattr(args, "cors_origins", None))


def cmd_ingest(args: argparse.Namespace, cfg: Config) -> int:
    from lod.ingest import ingest
    from lod.vocab import Local

    bad = urlparse(cfg.base)
    if bad.scheme not in ("http", "https") or not bad.netloc:
        print(f"lod ingest: --base must be an http(s) URI, got {cfg.base!r}", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:  # before anything is opened: a typo creates no store
        print(f"lod ingest: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    from lod.assignment import assign, keep_all
    from lod.collection import CollectionError
    try:
        assignment = assign(cfg, args.paths, rebuild=args.replace)
    except CollectionError as e:
        print(f"lod ingest: {e}", file=sys.stderr)
        return 2
    try:  # adding to a store: under the base it records (a rebuild may give it another)
        cfg, store = open_dataset(cfg, rebuild=args.replace)
    except BaseMismatch as e:
        print(f"lod ingest: {e}", file=sys.stderr)
        return 2
    try:  # the version this ingest starts from: the OAI registry, if it is there, reads only what changes
        since = None if args.replace else store.version()[0]
    except StoreError:
        since = None
    from lod.search import TextIndex
    from lod.store.summaries import Summaries
    from lod.linking.authorities import LinkError
    from lod.mapping.successions import SuccessionError
    from lod.names.authority import AuthorityError
    try:
        report = ingest(args.paths, store, Local(cfg.base), replace=args.replace,
                        authority=cfg.authority, progress=False if args.quiet else None,
                        index=TextIndex(cfg.search_index), links=cfg.links, successions=cfg.successions,
                        assignment=assignment, precompute=False,  # below, once the collections are kept
                        summaries=Summaries(cfg.summaries))
    except (AuthorityError, LinkError, SuccessionError) as e:  # read before any record is written
        print(f"lod ingest: {e}", file=sys.stderr)
        return 2
    keep_all(cfg, assignment, rebuild=args.replace)  # beside the store: what `lod serve` publishes them as
    from lod.oai.registry import Registry
    # deletions stamped now, so the first harvest is quick; an ingest that added to the store reads what it changed
    Registry(cfg.oai_registry).sync(store, Local(cfg.base), changed=report.changed, since=since)
    from lod.ingest import to_precompute
    precomputed = to_precompute(store, Local(cfg.base), report, args.precompute)
    if precomputed:  # descriptions and Turtle, as the server makes them (its stamp needs the collection kept)
        from lod.web.warm import keep_documents
        report.described = keep_documents(cfg, store, precomputed, show=not args.quiet and sys.stderr.isatty())
    out = sys.stderr
    from lod.dumps import DUMPS, write_dumps
    dumps_failed = False
    if not args.no_dumps and (report.written or not all((cfg.dumps / n).exists() for n in DUMPS)):
        try:
            sizes = write_dumps(store, cfg.dumps)
        except StoreError as e:  # the store has changed: dumps of the old one would mislead, so they go
            for name in DUMPS:
                (cfg.dumps / name).unlink(missing_ok=True)
            print(f"lod ingest: the store was updated but its dumps could not be written ({e}); the old dumps "
                  f"were removed and the next ingest writes them", file=out)
            dumps_failed = True
        else:
            print("dumps: " + ", ".join(f"{cfg.dumps / n} ({s:,} bytes)" for n, s in sizes.items()),
                  file=out)
    for source, message in report.warnings:
        print(f"warning: {source}: {message}", file=out)
    for path, reason in report.skipped:
        print(f"skipped: {path}: {reason}", file=out)
    for r in report.rejected:
        print(f"rejected: {r}", file=out)
    print(f"{report.records} records loaded from {report.files} files into {cfg.endpoint or cfg.store} "
          f"({report.written} graphs written, {report.unchanged} unchanged, {report.triples} triples), "
          f"{len(report.warnings)} warnings, {len(report.skipped)} skipped, {len(report.rejected)} rejected",
          file=out)
    return 0 if report.ok and not dumps_failed else 1


def _read_query(text: str) -> str:
    """The query itself, the text of ``@FILE``, or standard input for ``-``."""
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        return Path(text[1:]).read_text(encoding="utf-8")
    return text


def cmd_query(args: argparse.Namespace, cfg: Config) -> int:
    try:
        sparql = _read_query(args.query)
    except OSError as e:
        print(f"lod query: cannot read {args.query[1:]}: {e.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as e:
        print(f"lod query: the query is not valid UTF-8 (byte {e.start})", file=sys.stderr)
        return 2
    if not sparql.strip():
        print("lod query: the query is empty", file=sys.stderr)
        return 2
    try:
        fmt = "json" if args.format == "table" else args.format
        answer = open_store(cfg).query(sparql, fmt)
        kind, body = answer.kind, answer.body
    except QueryError as e:
        print(f"lod query: {e}", file=sys.stderr)
        return 1
    if args.format == "table" and kind != "graph":
        print(render_table(json.loads(body)))
    else:
        sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    return 0


def render_table(results: dict) -> str:
    """SPARQL JSON results as an aligned text table."""
    if "boolean" in results:
        return "true" if results["boolean"] else "false"
    names = results["head"]["vars"]
    rows = [[b.get(n, {}).get("value", "") for n in names] for b in results["results"]["bindings"]]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    cut = [[v if len(v) <= 60 else v[:57] + "..." for v in r] for r in rows]
    lines = [fmt.format(*names), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in cut]
    return "\n".join(lines) + f"\n({len(rows)} rows)"


def export_format(option: str | None, output: Path | None) -> Format:
    """The format ``lod export`` writes: ``--format``, else the output's extension, else N-Quads; a
    ``--format`` the extension contradicts, or an output whose extension names no format, is a ValueError.

    >>> export_format(None, Path("dump.ttl")).name, export_format("nt", None).name
    ('turtle', 'ntriples')
    """
    chosen = next((f for f in DATASET_FORMATS if f.extension == option), None)
    named = by_filename(output.name) if output is not None else None
    if chosen is not None and named is not None and named is not chosen:
        raise ValueError(f"--format {option} does not match the extension of {output} ({named.extension}); "
                         f"change one of them")
    if chosen is None and named is None and output is not None:
        raise ValueError(f"cannot tell the format from the name {output}: give --format "
                         f"({', '.join(f.extension for f in DATASET_FORMATS)}) or use one of these extensions")
    return chosen or named or next(f for f in DATASET_FORMATS if f.extension == EXPORT_DEFAULT)


def cmd_export(args: argparse.Namespace, cfg: Config) -> int:
    try:
        fmt = export_format(args.format, args.output)
    except ValueError as e:
        print(f"lod export: {e}", file=sys.stderr)
        return 2
    if args.output and not args.output.parent.is_dir():
        print(f"lod export: cannot write {args.output}: no directory {args.output.parent}", file=sys.stderr)
        return 2
    try:  # a remote store's dataset is the graphs under its base
        cfg, store = open_dataset(cfg)
    except BaseMismatch as e:
        print(f"lod export: {e}", file=sys.stderr)
        return 2
    if args.output:
        tmp = args.output.with_name(args.output.name + ".part")
        try:
            with open(tmp, "wb") as f:
                store.dump(f, fmt.name)
            tmp.replace(args.output)
        except OSError as e:
            print(f"lod export: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
            return 1
        finally:
            tmp.unlink(missing_ok=True)
    else:
        store.dump(sys.stdout.buffer, fmt.name)
        sys.stdout.buffer.flush()
    return 0


def cmd_link(args: argparse.Namespace, cfg: Config) -> int:
    from lod.linking.command import cmd_link as run
    return run(args, cfg)


def cmd_evaluate(args: argparse.Namespace, cfg: Config) -> int:
    from lod.evaluate import GoldError, evaluate
    from lod.evaluate.report import as_json, details, table

    try:
        scores = evaluate(args.gold, args.inputs, cfg)
    except (GoldError, FileNotFoundError) as e:
        print(f"lod evaluate: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(as_json(scores, details=args.details), ensure_ascii=False, indent=2))
    else:
        print(table(scores))
        if args.details:
            print()
            print(details(scores))
    return 0


def cmd_serve(args: argparse.Namespace, cfg: Config) -> int:
    from lod.web.app import create_app

    try:
        cfg, store = open_dataset(cfg)
    except BaseMismatch as e:
        print(f"lod serve: {e}", file=sys.stderr)
        return 2
    if not store.exists():
        print(f"lod serve: no store at {cfg.store}: run `lod ingest PATH` (or `make serve`) first", file=sys.stderr)
        return 1
    from lod.assignment import served
    from lod.collection import CollectionError
    try:
        served(cfg)  # a malformed file is a usage error here, not a failing worker
    except CollectionError as e:
        print(f"lod serve: {e}", file=sys.stderr)
        return 2
    if cfg.base_source == "default":
        print(f"lod serve: warning: the store does not record the base it was ingested with (written by an "
              f"older lod?); serving it as {cfg.base} — give --base, or re-ingest to record it", file=sys.stderr)
    where = f"http://{cfg.host}:{cfg.port}/"
    source = f"{cfg.endpoint or cfg.store} as {cfg.base}"
    if cfg.workers and cfg.workers > 0:
        from lod.web.production import serve
        print(f"Serving {source} at {where} with gunicorn, {cfg.workers} workers — SPARQL: {where}sparql",
              file=sys.stderr, flush=True)
        store.close()  # each worker opens its own after the fork; the master queries nothing
        serve(cfg)
        return 0
    from lod.web import development
    app = create_app(cfg, store)
    print(f"Serving {source} at {where} — SPARQL: {where}sparql?query=… (Ctrl-C to stop)",
          file=sys.stderr, flush=True)
    development.serve(cfg, app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
