"""The SPARQL query page: ``sparql_page.render`` (templates/sparql.html), the vendored YASGUI served from
/static/, the page without JavaScript, and YASGUI started in headless Chromium against `lod serve`."""
from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import types
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

import pytest

from tests.conftest import BASE, ROOT, SEED

STATIC = ROOT / "lod" / "web" / "static"
YASGUI = STATIC / "yasgui"
JS_TYPES = {"text/javascript", "application/javascript"}


class Tags(HTMLParser):
    """Start tags (name, attributes) and the text of each <script>, <textarea> and <noscript>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[int, str] = {}
        self._open: list[int] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "textarea", "option"):
            self._open.append(len(self.tags) - 1)

    def handle_endtag(self, tag):
        if tag in ("script", "textarea", "option") and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            i = self._open[-1]
            self.text[i] = self.text.get(i, "") + data

    def find(self, tag: str, **attrs: str) -> list[tuple[int, dict]]:
        return [(i, a) for i, (t, a) in enumerate(self.tags)
                if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


@pytest.fixture(scope="module")
def app(dataset):
    from lod.web.app import create_app

    return create_app(dataset.config, dataset.store)


@pytest.fixture(scope="module")
def page(app) -> str:
    from lod.web import sparql_page

    with app.test_request_context("/sparql"):
        return sparql_page.render(app.config["LOD_CONTEXT"])


# --- the vendored files ------------------------------------------------------------------------------

def test_vendored_yasgui_is_the_published_build():
    version = (YASGUI / "VERSION").read_text(encoding="utf-8").splitlines()
    name, release = version[0].split()
    assert name == "@zazuko/yasgui" and release.count(".") == 2
    assert "MIT" in (YASGUI / "LICENSE").read_text(encoding="utf-8")
    for f in ("yasgui.min.js", "yasgui.min.css"):  # as published: the digests the vendoring script recorded
        recorded = next(line for line in version if line.startswith(f + ":")).split("sha256 ")[1]
        assert hashlib.sha256((YASGUI / f).read_bytes()).hexdigest() == recorded, f"{f} differs from the release"
    assert (ROOT / "tools" / "vendor-yasgui.sh").stat().st_mode & 0o111


def test_static_files_are_served(app):
    client = app.test_client()
    for path, types_ in (("/static/yasgui/yasgui.min.js", JS_TYPES), ("/static/yasgui-init.js", JS_TYPES),
                         ("/static/yasgui/yasgui.min.css", {"text/css"}), ("/static/sparql.css", {"text/css"})):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.mimetype in types_, (path, r.mimetype)
        assert len(r.data) > 100
        r.close()


# --- the page ----------------------------------------------------------------------------------------

def test_page_loads_yasgui_from_this_site(app, page):
    tags = parse(page)
    scripts = [a for _, a in tags.find("script") if a.get("src")]
    styles = [a["href"] for _, a in tags.find("link", rel="stylesheet")]
    srcs = [a["src"] for a in scripts]
    assert any(s.startswith("/static/yasgui/yasgui.min.js") for s in srcs)
    assert "/static/yasgui-init.js" in srcs
    assert srcs.index("/static/yasgui-init.js") > next(i for i, s in enumerate(srcs) if "yasgui.min.js" in s)
    assert any(h.startswith("/static/yasgui/yasgui.min.css") for h in styles)
    client = app.test_client()
    for url in srcs + styles:  # relative to this host (no CDN, no scheme), and served
        assert url.startswith("/") and not url.startswith("//"), url
        r = client.get(url)
        assert r.status_code == 200, url
        r.close()
    # no inline code: every script is a file or a JSON data block
    for i, a in tags.find("script"):
        assert a.get("src") or a.get("type") == "application/json", tags.text.get(i, "")[:80]
    init = (STATIC / "yasgui-init.js").read_text(encoding="utf-8")
    assert "http://" not in init and "https://" not in init


def test_page_settings_and_examples(page):
    tags = parse(page)
    (cfg_i, _), = tags.find("script", id="sparql-config")
    (ex_i, _), = tags.find("script", id="examples")
    settings = json.loads(tags.text[cfg_i])
    examples = json.loads(tags.text[ex_i])
    assert settings["endpoint"] == "/sparql" and settings["method"] in ("GET", "POST")
    assert settings["base"] == BASE
    assert settings["prefixes"]["rico"] == "https://www.ica.org/standards/RiC/ontology#"
    assert settings["prefixes"]["person"] == BASE + "id/person/"
    titles = [e["title"] for e in examples]
    assert titles == ["Records naming Kim Il Sung, by date", "Records per year", "Who wrote to whom",
                      "People named together", "Archives and their fonds"]
    assert f"<{BASE}id/person/kim-il-sung>" in examples[0]["query"]
    for e in examples:
        for prefix in ("rico: <https://www.ica.org/standards/RiC/ontology#>", "dcterms: <http://purl.org/dc/terms/>",
                       "schema: <https://schema.org/>", "skos:", "rdfs:", "foaf:"):
            assert f"PREFIX {prefix}" in e["query"]
    assert "rico:hasSender" in examples[2]["query"] and "rico:hasAddressee" in examples[2]["query"]
    assert "rico:Person" in examples[3]["query"] and "rico:hasOrHadSubject" in examples[3]["query"]
    # the example links run the query without JavaScript
    links = [a for _, a in tags.find("a") if a.get("data-example") is not None]
    assert [int(a["data-example"]) for a in links] == list(range(len(examples)))
    assert links[1]["href"] == "/sparql?query=" + quote(examples[1]["query"], safe="")


def test_examples_answer_on_the_collection(ingested):
    from lod.web.sparql_page import examples

    store, _ = ingested
    for e in examples(BASE):
        rows = json.loads(store.query(e.query, "json").body)["results"]["bindings"]
        assert rows, e.title


def test_page_without_javascript(page):
    tags = parse(page)
    noscript = page[page.index("<noscript>\n"):]
    noscript = noscript[:noscript.index("</noscript>")]
    assert '<form class="sparql-form" method="get" action="/sparql">' in noscript
    (ta_i, ta), = tags.find("textarea")
    assert ta["name"] == "query"
    examples = json.loads(tags.text[tags.find("script", id="examples")[0][0]])
    assert tags.text[ta_i] == examples[0]["query"]
    (_, select), = tags.find("select")
    assert select["name"] == "format"
    assert [a["value"] for _, a in tags.find("option")] == ["json", "xml", "csv", "tsv"]
    assert 'name="format"' in noscript and 'name="query"' in noscript
    text = html.unescape(page)
    assert "SPARQL 1.1" in text and "Read-only" in text
    assert "10 s" in text and "10,000 rows" in text  # Config defaults


def test_limits_follow_the_configuration(app):
    from lod.config import Config
    from lod.web import sparql_page

    ctx = types.SimpleNamespace(config=Config(base=BASE, query_timeout=2.5, row_cap=500))
    with app.test_request_context("/sparql"):
        text = sparql_page.render(ctx)
    assert "2.5 s" in text and "500 rows" in text
    assert sparql_page.limits(types.SimpleNamespace()) == (10, 10_000)  # a configuration without them


def test_a_query_fills_the_form(app):
    from lod.web import sparql_page

    with app.test_request_context("/sparql"):
        text = sparql_page.render(app.config["LOD_CONTEXT"], query="ASK { ?s <x:p> 'a<b' }")
    tags = parse(text)
    (ta_i, _), = tags.find("textarea")
    assert tags.text[ta_i] == "ASK { ?s <x:p> 'a<b' }"


def test_the_endpoint_route_answers_browsers_with_the_page(app):
    r = app.test_client().get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert 'id="yasgui"' in r.get_data(as_text=True)


# --- in a browser ------------------------------------------------------------------------------------

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)


def chromium(url: str, profile: Path, *, screenshot: Path | None = None) -> str:
    """The DOM of ``url`` after its scripts ran (or a screenshot of it), in a fresh browser profile."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (looked for `chromium` on PATH and /usr/bin/chromium)")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--window-size=1200,1400", "--virtual-time-budget=5000"]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    done = subprocess.run([*args, url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def page_url(server) -> str:
    url, _ = server
    r = urlopen(Request(url + "sparql", headers={"Accept": "text/html"}), timeout=10)
    assert 'id="yasgui"' in r.read().decode("utf-8")
    return url + "sparql"


def test_yasgui_starts_in_a_browser(server, tmp_path):
    dom = chromium(page_url(server), tmp_path / "profile")
    assert 'class="yasgui' in dom and 'class="yasqe"' in dom and "CodeMirror" in dom
    assert "Records naming Kim Il Sung, by date" in dom.split('id="yasgui"', 1)[1]  # the first example's tab
    assert "yasqe_queryButton" in dom and 'class="yasr' in dom
    assert 'class="small muted sparql-hint" hidden' not in dom  # the editor's help is shown


def test_a_shared_query_runs_and_links_to_pages(server, tmp_path):
    """A YASGUI share link (#query=…) opens the query and runs it against this endpoint; IRIs in the
    result table link to the IRI, here on the serving host because the base is another one."""
    from lod.web.sparql_page import examples

    url = page_url(server) + "#" + urlencode({"query": examples(BASE)[0].query}, quote_via=quote)
    dom = chromium(url, tmp_path / "profile")
    assert "dataTable" in dom
    assert f'href="/id/record/{SEED}"' in dom and f'data-iri="{BASE}id/record/{SEED}"' in dom
    shot_dir = Path(os.environ.get("LOD_SCREENSHOTS") or tmp_path)
    shot_dir.mkdir(parents=True, exist_ok=True)
    shot = shot_dir / "sparql-page.png"
    chromium(url, tmp_path / "profile2", screenshot=shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
