"""Distributed runs: the same analysis over many machines with Dask (``unspin analyze --engine dask``).

One input file is one shard and one task; each task writes one output shard. See docs/scale-out.md.
"""
