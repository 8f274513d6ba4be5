"""evals/details/miss_categories.py: why planted wrong durations go unflagged, by category."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "evals" / "details" / "miss_categories.py"


def test_each_unflagged_duration_gets_its_category(tmp_path):
    rows = [
        # flagged: not counted as a miss
        {"id": "m1", "published": "2024-03-01", "text": "Russia began its full-scale invasion of Ukraine five years ago.",
         "bad_places": [], "good_places": ["Ukraine"], "bad_durations": [{"phrase": "five years ago"}]},
        # a bare "for N" with no word of fighting near it: read, but set aside
        {"id": "m2", "published": "2024-03-01", "text": "The bakery in Lviv has been open for nine years.",
         "bad_places": [], "good_places": ["Lviv"], "bad_durations": [{"phrase": "for nine years"}]},
        # no duration claim in the phrase at all
        {"id": "m3", "published": "2024-03-01", "text": "The mayor of Lviv spoke at length.",
         "bad_places": [], "good_places": ["Lviv"], "bad_durations": [{"phrase": "at length"}]},
    ]
    data = tmp_path / "set.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), str(data), "--list"], capture_output=True, text=True,
                          check=True)
    assert "3 planted wrong durations, 2 not flagged:" in done.stdout
    assert "m2\tread, not checked: a bare 'for N' with no word of fighting\tfor nine years" in done.stdout
    assert "m3\tno claim found\tat length" in done.stdout
    assert "m1\t" not in done.stdout
