"""Known disinformation narratives: the catalog, the matcher, the metric."""
