"""``python -m bench [--sizes 1000,10000] [--quick] [--keep] [--baseline REF]``: the performance suite (bench/suite.py).

Prints one table (figure, size, ours, baseline, ratio, target) and writes bench/out/results.json.
Bare sizes (``python -m bench 1000 5000``) are accepted too.
"""
import argparse

from bench.suite import main

p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
p.add_argument("--sizes", default="1000,10000", help="comma-separated record counts (default 1000,10000)")
p.add_argument("--quick", action="store_true", help="1000 records only")
p.add_argument("--keep", action="store_true", help="keep the temporary stores (path printed on stderr)")
p.add_argument("--baseline", default="main", help="git ref whose lod the person pages are compared with "
               "(default main; 'none' to skip)")
p.add_argument("bare", nargs="*", type=int, help=argparse.SUPPRESS)
a = p.parse_args()
sizes = [1000] if a.quick else (a.bare or [int(x) for x in a.sizes.split(",") if x.strip()])
main(sizes, keep=a.keep, baseline=None if a.baseline == "none" else a.baseline)
