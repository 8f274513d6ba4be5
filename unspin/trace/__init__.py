"""Provenance tracing: which stored articles are copies, rewrites or
cross-language rewrites of one another (issue 3)."""
