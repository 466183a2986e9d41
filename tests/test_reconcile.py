"""The W3C Reconciliation Service API 0.2 at /reconcile, over a real `lod serve` on loopback: every answer
validated against the published 0.2 schemas (the validator first proven on the spec's own examples), name
forms of every kind finding the same person, OpenRefine's request shapes replayed over the 50-name CSV with
its precision and recall, CORS, and bad input answered 400.
"""
from __future__ import annotations

import csv
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

SPEC = (Path(__file__).parents[1] / ".." / "shared" / "specs" / "reconciliation-0.2").resolve()
NAMES = Path(__file__).parent / "fixtures" / "reconcile" / "names.csv"
SWAGGER = "http://swagger.io/v2/schema.json"
# the one outside schema manifest.json refers to (an authentication's security scheme), as a local stub:
# a test never fetches it
SWAGGER_STUB = {"definitions": {"securityDefinitions": {"additionalProperties": {
    "type": "object", "required": ["type"],
    "properties": {"type": {"enum": ["basic", "apiKey", "oauth2"]}, "description": {"type": "string"},
                   "name": {"type": "string"}, "in": {"enum": ["header", "query"]}}}}}}
PRECISION, RECALL = 0.95, 0.85
BATCH = 10  # OpenRefine's default reconciliation batch size


def _need_spec() -> Path:
    if not (SPEC / "schemas").is_dir():
        pytest.skip(f"the reconciliation 0.2 schemas are not at {SPEC} (../shared/specs is absent)")
    return SPEC


@pytest.fixture(scope="module")
def validators():
    """A Draft 7 validator per schema file name, every $ref resolved from the local files (by their $id)."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource
    from referencing.jsonschema import DRAFT7

    spec = _need_spec()
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (spec / "schemas").glob("*.json")}

    def refuse(uri: str):
        raise NoSuchResource(ref=uri)  # never fetched

    registry = Registry(retrieve=refuse).with_resources(
        [(s["$id"], Resource.from_contents(s, default_specification=DRAFT7)) for s in schemas.values() if "$id" in s]
        + [(SWAGGER, Resource.from_contents(SWAGGER_STUB, default_specification=DRAFT7))])
    return {name: Draft7Validator(s, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)
            for name, s in schemas.items()}


def _valid(validators, schema: str, doc: object) -> None:
    errors = sorted(validators[schema].iter_errors(doc), key=str)
    assert not errors, f"{schema}: " + "; ".join(e.message for e in errors[:5])


def test_the_validator_passes_every_valid_example_and_fails_every_invalid_one(validators):
    checked = {"valid": 0, "invalid": 0}
    for folder in sorted((SPEC / "examples").iterdir()):
        if folder.name not in validators:
            continue  # the spec has no schema of that name (see ../shared/specs/README.md)
        for verdict in ("valid", "invalid"):
            for example in sorted((folder / verdict).glob("*.json")):
                doc = json.loads(example.read_text(encoding="utf-8"))
                ok = validators[folder.name].is_valid(doc)
                assert ok == (verdict == "valid"), f"{folder.name}/{verdict}/{example.name}"
                checked[verdict] += 1
    assert checked["valid"] >= 20 and checked["invalid"] >= 10, checked


# --- over HTTP -----------------------------------------------------------------------------------------

def _call(url: str, data: dict | None = None, body: bytes | None = None, ctype: str | None = None,
          method: str | None = None, preflight: str = "POST") -> tuple[int, dict, bytes]:
    if data is not None:
        body, ctype = urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=body, method=method, headers={
        "Origin": "https://openrefine.example", **({"Content-Type": ctype} if ctype else {}),
        **({"Access-Control-Request-Method": preflight} if method == "OPTIONS" else {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _json(url: str, **kw) -> dict:
    status, headers, body = _call(url, **kw)
    assert status == 200, body[:300]
    assert headers.get("Access-Control-Allow-Origin") == "*"
    return json.loads(body)


@pytest.fixture(scope="module")
def service(server) -> str:
    return server[0] + "reconcile"


def _reconcile(service: str, queries: dict) -> dict:
    """One batch as OpenRefine sends it: a form-encoded POST of ``queries``."""
    return _json(service, data={"queries": json.dumps(queries)})


def test_manifest(service, validators):
    m = _json(service)
    _valid(validators, "manifest", m)
    assert m["versions"] == ["0.2"] and m["identifierSpace"].endswith("/id/")
    assert m["schemaSpace"] == "https://www.ica.org/standards/RiC/ontology#"
    assert {t["id"] for t in m["defaultTypes"]} == {"Person", "CorporateBody", "Family", "Place", "Record"}
    assert set(m["suggest"]) == {"entity", "type", "property"} and "{{id}}" in m["preview"]["url"]


def test_cors_on_every_answer_and_preflight(service):
    for url in (service, service + "/suggest/entity?prefix=gro", service + "?queries=%7Bbad"):
        assert _call(url)[1].get("Access-Control-Allow-Origin") == "*", url
    status, headers, _ = _call(service, method="OPTIONS", body=b"")
    assert status in (200, 204) and headers.get("Access-Control-Allow-Origin") == "*"
    assert headers.get("Access-Control-Allow-Methods") == "GET, HEAD, POST, OPTIONS"
    assert "Access-Control-Allow-Methods" not in _call(service, method="OPTIONS", body=b"", preflight="PUT")[1]
    suggest = _call(service + "/suggest/entity", method="OPTIONS", body=b"", preflight="GET")[1]
    assert suggest.get("Access-Control-Allow-Methods") == "GET, HEAD, OPTIONS"  # the methods of the route


def test_every_form_of_a_name_finds_the_same_person(service, validators):
    forms = ["Gromyko, A. A.", "Громыко Андрей Андреевич", "A. Gromyko", "Andrei Gromyko", "Gromyko, Andrei"]
    batch = {f"q{i}": {"query": f, "type": "Person"} for i, f in enumerate(forms)}
    found = _reconcile(service, batch)
    _valid(validators, "reconciliation-result-batch", found)
    for key, form in zip(batch, forms):
        top = found[key]["result"][0]
        assert (top["id"], top["match"]) == ("person/gromyko-andrei", True), (form, top)
    lone = _reconcile(service, {"q": {"query": "Громыко", "type": "Person"}})["q"]["result"][0]
    assert lone["id"] == "person/gromyko-andrei" and not lone["match"]  # a surname alone is never a match


def test_features_cite_the_records_where_the_spelling_is_written(service):
    top = _reconcile(service, {"q": {"query": "A. A. Gromyko"}})["q"]["result"][0]
    records = [f for f in top["features"] if f["id"].startswith("record:")]
    assert records and all("A. A. Gromyko" in f["name"] and "(19" in f["name"] for f in records), top["features"]
    assert top["features"][0] == {"id": "name", "value": top["score"]}
    assert {"id": "form:A. A. Gromyko", "name": "our form “A. A. Gromyko”", "value": True} in top["features"]
    assert len({f["id"] for f in top["features"]}) == len(top["features"])  # each feature once


def test_namesakes_are_never_merged_on_the_surname(service):
    found = _reconcile(service, {"kim": {"query": "Kim", "type": "Person"}, "chen": {"query": "Chen"},
                                 "kji": {"query": "Kim Jong Il", "type": "Person"},
                                 "pak": {"query": "Pak Song"}, "chiang": {"query": "Chiang Ching"}})
    for key in found:
        assert not any(c["match"] for c in found[key]["result"]), (key, found[key]["result"][:3])
    assert len({c["id"] for c in found["kim"]["result"]}) >= 2
    kim_il = _reconcile(service, {"q": {"query": "Kim Il", "type": "Person"}})["q"]["result"]
    assert (kim_il[0]["id"], kim_il[0]["match"]) == ("person/kim-il", True)  # not Kim Il Sung
    assert all(c["score"] < 50 for c in kim_il[1:])


def test_an_embassy_is_where_it_is_posted_and_a_nationality_names_its_state(service):
    """The same words do not make the same embassy: "of A in B" is not "B's in A"; "Polish" is Poland's."""
    found = _reconcile(service, {"there": {"query": "Embassy of the USSR in the DPRK", "type": "CorporateBody"},
                                 "pl": {"query": "Polish Embassy in Canada", "type": "CorporateBody"},
                                 "short": {"query": "Theodor Waigel", "type": "Person"}})
    there = found["there"]["result"]
    assert [c["id"] for c in there if c["match"]] == ["corporate-body/soviet-embassy-dprk"], there[:3]
    assert all(c["score"] <= 30 for c in there if c["id"] == "corporate-body/dprk-embassy-ussr"), there[:3]
    assert [c["id"] for c in found["pl"]["result"] if c["match"]] == ["corporate-body/polish-embassy-canada"]
    short = found["short"]["result"]  # "Theo Waigel": shown first, never matched on a shortened name alone
    assert short[0]["id"] == "person/waigel-theo" and not short[0]["match"], short[:3]


def test_properties_move_the_score(service, validators):
    base = {"query": "Puzanov", "type": "Person"}
    batch = {"plain": base,
             "office": {**base, "properties": [{"pid": "office", "v": "Ambassador"}]},
             "date": {**base, "properties": [{"pid": "date", "v": "1958"}]},
             "wrong": {**base, "properties": [{"pid": "date", "v": 1850}]},
             "country": {**base, "properties": [{"pid": "country", "v": "Soviet Union"}]},
             "archive": {**base, "properties": [{"pid": "archive", "v": {"id": "corporate-body/avp-rf",
                                                                          "name": "Archive of Foreign Policy"}}]},
             "elsewhere": {**base, "properties": [{"pid": "archive", "v": ["Polish Foreign Ministry Archive"]}]}}
    _valid(validators, "reconciliation-query-batch", batch)
    found = _reconcile(service, batch)
    _valid(validators, "reconciliation-result-batch", found)
    score = {k: found[k]["result"][0]["score"] if found[k]["result"] else 0 for k in batch}
    assert score["office"] > score["plain"] and score["date"] > score["plain"] > score["wrong"], score
    assert score["country"] > score["plain"] and score["archive"] > score["plain"] > score["elsewhere"], score
    office = found["office"]["result"][0]
    assert office["match"] and any(f["id"].startswith("office:") and f["value"] for f in office["features"])
    cited = [f["name"] for f in office["features"] if f["id"].startswith("office-record:")]  # where it is written
    assert cited and all("Ambassador" in c and "(19" in c for c in cited), office["features"]


def test_queries_as_json_body_and_by_get(service):
    q = {"q0": {"query": "Kim Il Sung", "type": "Person", "limit": 2}}
    by_body = _json(service, body=json.dumps({"queries": q}).encode(), ctype="application/json")
    by_get = _json(service + "?" + urllib.parse.urlencode({"queries": json.dumps(q)}))
    assert by_body == by_get and by_body["q0"]["result"][0]["id"] == "person/kim-il-sung"
    assert len(by_body["q0"]["result"]) <= 2
    record = _reconcile(service, {"q": {"query": "Ciphered telegram Ignatiev Vyshinsky", "type": "Record",
                                        "properties": [{"pid": "date", "v": "1950"}]}})["q"]["result"]
    from tests.conftest import SEED
    assert record[0]["id"] == f"record/{SEED}" and all(c["type"][0]["id"] == "Record" for c in record)
    by_id = _reconcile(service, {"q": {"query": "person/kim-il-sung"}})["q"]["result"][0]
    assert (by_id["id"], by_id["score"]) == ("person/kim-il-sung", 100.0)


def test_suggest_services(service, validators):
    ents = _json(service + "/suggest/entity?prefix=" + urllib.parse.quote("Ignatie"))
    _valid(validators, "suggest-entities-response", ents)
    assert "person/ignatiev-aleksei" in [e["id"] for e in ents["result"]]
    cyr = _json(service + "/suggest/entity?prefix=" + urllib.parse.quote("Громы"))  # any script, any variant
    assert [e["id"] for e in cyr["result"]] == ["person/gromyko-andrei"]
    places = _json(service + "/suggest/entity?type=Place&prefix=pyong")
    assert places["result"] and all(e["notable"][0]["id"] == "Place" for e in places["result"])
    page2 = _json(service + "/suggest/entity?prefix=kim&cursor=2&limit=2")
    assert len(page2["result"]) == 2
    types = _json(service + "/suggest/type?prefix=per")
    _valid(validators, "suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == ["Person"]
    props = _json(service + "/suggest/property?prefix=off")
    _valid(validators, "suggest-properties-response", props)
    assert [p["id"] for p in props["result"]] == ["office"]


def test_preview(service):
    status, headers, body = _call(service + "/preview?id=person/puzanov-aleksandr")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"Aleksandr Puzanov" in body and b"Soviet Ambassador" in body
    assert _call(service + "/preview?id=person/nobody")[0] == 404


def test_data_extension(service, validators):
    query = {"ids": ["person/puzanov-aleksandr", "person/nobody"],
             "properties": [{"id": p} for p in ("offices", "dates", "authority", "records", "variants")]}
    _valid(validators, "data-extension-query", query)
    ext = _json(service, data={"extend": json.dumps(query)})
    _valid(validators, "data-extension-response", ext)
    row = ext["rows"]["person/puzanov-aleksandr"]
    assert {"id": "position/ambassador-of-soviet-union-in-north-korea",
            "name": "Soviet Ambassador to North Korea"} in row["offices"]
    assert row["dates"] == [{"int": 1957}, {"int": 1962}] and len(row["records"]) == 3
    assert all(v == [] for v in ext["rows"]["person/nobody"].values())
    proposal = _json(service + "/extend/propose?type=Person")
    _valid(validators, "data-extension-property-proposal", proposal)
    assert {"offices", "dates", "authority", "records"} <= {p["id"] for p in proposal["properties"]}


@pytest.mark.parametrize("payload, problem", [
    ({"queries": "{bad"}, "not JSON"),
    ({"queries": "[1, 2]"}, "object of queries"),
    ({"queries": json.dumps({"q": "Gromyko"})}, "not an object"),
    ({"queries": json.dumps({"q": {"query": 5}})}, "must be a string"),
    ({"queries": json.dumps({"q": {"query": "x", "limit": "ten"}})}, "limit"),
    ({"queries": json.dumps({"q": {"query": "x", "properties": [{"v": 1}]}})}, "properties"),
    ({"queries": json.dumps({"q": {}})}, "neither"),
    ({"extend": "{bad"}, "not JSON"),
    ({"extend": json.dumps({"ids": ["person/x"], "properties": [{"id": "shoe size"}]})}, "unknown extension"),
])
def test_bad_input_is_a_400_naming_the_problem(service, payload, problem):
    status, headers, body = _call(service, data=payload)
    assert status == 400 and headers.get("Access-Control-Allow-Origin") == "*", body
    assert problem in json.loads(body)["error"]


@pytest.mark.parametrize("name", ["\x00\x01", "'; DROP TABLE x; --", "a" * 5000, "\u202e\ufeff", "{{id}}", "ы" * 300])
def test_hostile_names_never_crash(service, name):
    status, _, body = _call(service, data={"queries": json.dumps({"q": {"query": name}})})
    assert status == 200, body[:200]
    assert _call(service + "/suggest/entity?" + urllib.parse.urlencode({"prefix": name[:150]}))[0] == 200
    assert _call(service + "/suggest/entity?prefix=a&cursor=-1")[0] == 400
    assert _call(service + "/preview?" + urllib.parse.urlencode({"id": name}))[0] == 404


def test_the_fifty_names(service, validators):
    """OpenRefine's shapes replayed: batches of 10 typed queries, the first candidate with ``match`` taken."""
    rows = list(csv.DictReader(NAMES.open(encoding="utf-8")))
    assert len(rows) == 50
    matched: dict[int, str | None] = {}
    for start in range(0, len(rows), BATCH):
        batch = {f"q{i}": {"query": r["name"], "type": r["type"], "type_strict": "should"}
                 for i, r in enumerate(rows[start:start + BATCH], start)}
        _valid(validators, "reconciliation-query-batch", batch)
        found = _reconcile(service, batch)
        _valid(validators, "reconciliation-result-batch", found)
        for key, answer in found.items():
            matched[int(key[1:])] = next((c["id"] for c in answer["result"] if c["match"]), None)
    right = sum(1 for i, r in enumerate(rows) if matched[i] and matched[i] == r["expected"])
    made = sum(1 for m in matched.values() if m)
    expected = sum(1 for r in rows if r["expected"])
    precision, recall = right / max(1, made), right / expected
    misses = [(r["name"], r["expected"], matched[i]) for i, r in enumerate(rows) if matched[i] != (r["expected"] or None)]
    print(f"\nreconciliation of {len(rows)} names: {made} matches, {right} right; precision {precision:.3f}, "
          f"recall {recall:.3f} ({right}/{expected}); not as expected: {misses}")
    assert precision >= PRECISION and recall >= RECALL, misses


def test_any_text_is_answered(ingested):
    """Whatever a query, prefix or property holds, the service answers it (no exception) with scores 0–100."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    from lod.reconcile import service as svc
    from lod.reconcile.catalogue import catalogue
    from lod.vocab import Local
    from tests.conftest import BASE

    store, _ = ingested
    cat = catalogue(store, Local(BASE))

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.text(max_size=60), st.text(max_size=20))
    def run(text, value):
        batch = svc.check_batch({"q": {"query": text or "x", "properties": [{"pid": "date", "v": value},
                                                                           {"pid": "office", "v": value}]}})
        for c in svc.reconcile(batch, cat, None)["q"]["result"]:
            assert 0 <= c["score"] <= 100
        svc.suggest_entities(text, set(), cat, 0, 5)

    run()
