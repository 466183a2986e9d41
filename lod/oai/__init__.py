"""OAI-PMH 2.0 (``{base}oai``): the protocol's six verbs over the store's own resources.

One module per job: :mod:`lod.oai.registry` (which items there are, with datestamps, sets and deletions,
kept in SQLite beside the store), :mod:`lod.oai.tokens` (resumption tokens), :mod:`lod.oai.metadata`
(oai_dc, ead, eac_cpf and rico, each written from the description the Linked Data documents are made of),
:mod:`lod.oai.verbs` (arguments, errors and responses). The routes are in :mod:`lod.web.oai`.

Design:

- Items: our own records (``rico:Record``), record sets (``rico:RecordSet``: WCDA units and EAD record
  resources) and agents (``rico:Person``, ``rico:Family``, ``rico:CorporateBody``). The OAI identifier is the
  entity IRI itself (a URI, as the protocol allows).
- Datestamp: the latest ``prov:generatedAtTime`` of the graphs stating something of the item. A record's
  graph is rewritten only when its content changes, so its datestamp moves only then; an agent whose
  statements are in the shared entity graph takes that graph's time, which moves whenever the entity graph
  changes (an over-report: a harvester may fetch an unchanged agent again, but never misses a change).
- Deletions are persistent: an item the store no longer holds after an ingest stays in the registry as
  ``status="deleted"``, datestamped with that ingest's time.
- Resumption tokens are keysets (the last identifier sent and the original arguments, signed): a re-ingest
  between two pages never makes a harvest skip or repeat an item.
"""
