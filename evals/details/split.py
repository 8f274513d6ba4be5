"""Split the team-written details set into dev and test, once, by article.

An article goes to test when the first byte of sha256(id) is odd: a fixed rule
that needs no stored seed, so an article added later lands on the same side
whatever order the files are read in. Usage:

    python evals/details/split.py PART.jsonl [PART.jsonl ...]

appends each article to evals/details/dev.jsonl or test.jsonl (skipping ids
already there). The test split is only ever scored, never tuned on.
"""

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def side(article_id: str) -> str:
    return "test" if hashlib.sha256(article_id.encode("utf-8")).digest()[0] % 2 else "dev"


def main(paths: list[str]) -> None:
    seen = set()
    for name in ("dev", "test"):
        path = HERE / f"{name}.jsonl"
        if path.exists():
            seen.update(json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    counts = {"dev": 0, "test": 0}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            target = side(row["id"])
            with open(HERE / f"{target}.jsonl", "a", encoding="utf-8") as handle:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts[target] += 1
    print(counts)


if __name__ == "__main__":
    main(sys.argv[1:])
