"""Deterministic one-time split of all.jsonl into dev.jsonl and test.jsonl.

A record goes to test.jsonl if int(sha256(id).hexdigest(), 16) % 2 == 1,
otherwise to dev.jsonl. Record order from all.jsonl is preserved.
"""
import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def is_test(record_id: str) -> bool:
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest(), 16) % 2 == 1


def main() -> None:
    import json

    dev, test = [], []
    for line in (HERE / "all.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        (test if is_test(json.loads(line)["id"]) else dev).append(line)
    (HERE / "dev.jsonl").write_text("".join(l + "\n" for l in dev), encoding="utf-8")
    (HERE / "test.jsonl").write_text("".join(l + "\n" for l in test), encoding="utf-8")
    print(f"dev: {len(dev)}  test: {len(test)}")


if __name__ == "__main__":
    main()
