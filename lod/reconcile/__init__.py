"""The W3C Reconciliation Service API 0.2 over the store: what is known of each entity
(:mod:`~lod.reconcile.catalogue`), its candidates for a name (:mod:`~lod.reconcile.candidates`), their scores and
the match rule (:mod:`~lod.reconcile.scoring`), the evidence behind a score (:mod:`~lod.reconcile.features`), and
the protocol's answers (:mod:`~lod.reconcile.service`). The routes are :mod:`lod.web.reconcile`.
"""
