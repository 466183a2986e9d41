"""``python -m bench [N …]``: run the ingest benchmark at the given sizes (default 1000 5000)."""
from bench.ingest import main

main()
