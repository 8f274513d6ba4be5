"""Split all.jsonl into dev.jsonl and test.jsonl, deterministically by id, and print the counts.

A record goes to test.jsonl if int(sha256(id).hexdigest(), 16) % 2 == 1,
otherwise to dev.jsonl (the rule of evals/sources_ru and evals/places_ru).
Record order follows all.jsonl. Rerunning on an unchanged all.jsonl
reproduces the same files. Also checks the schema: id ``ru-NNN``/``uk-NNN``
with the prefix equal to ``language``, non-empty ``text``, ``label`` Yes/No,
ids and texts unique.
"""
import hashlib
import json
import pathlib
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent


def is_test(rid: str) -> bool:
    return int(hashlib.sha256(rid.encode("utf-8")).hexdigest(), 16) % 2 == 1


def check(records):
    ids, texts = set(), set()
    for r in records:
        assert set(r) == {"id", "language", "text", "label"}, r
        assert r["language"] in ("ru", "uk") and r["id"].startswith(r["language"] + "-"), r["id"]
        assert r["label"] in ("Yes", "No"), r["id"]
        assert r["text"].strip() == r["text"] and r["text"], r["id"]
        assert r["id"] not in ids and r["text"] not in texts, r["id"]
        ids.add(r["id"])
        texts.add(r["text"])


def main():
    lines = [l for l in (HERE / "all.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    records = [json.loads(l) for l in lines]
    check(records)
    dev, test = [], []
    for line, r in zip(lines, records):
        (test if is_test(r["id"]) else dev).append(line)
    (HERE / "dev.jsonl").write_text("".join(l + "\n" for l in dev), encoding="utf-8")
    (HERE / "test.jsonl").write_text("".join(l + "\n" for l in test), encoding="utf-8")
    print("| split | records | ru | uk | Yes | Yes ru | Yes uk | Yes share |")
    print("|---|---|---|---|---|---|---|---|")
    for name, rows in (("dev", dev), ("test", test), ("all", lines)):
        rs = [json.loads(l) for l in rows]
        c = Counter((r["language"], r["label"]) for r in rs)
        yes = c["ru", "Yes"] + c["uk", "Yes"]
        print(f"| {name} | {len(rs)} | {c['ru', 'Yes'] + c['ru', 'No']} | {c['uk', 'Yes'] + c['uk', 'No']} | "
              f"{yes} | {c['ru', 'Yes']} | {c['uk', 'Yes']} | {yes / len(rs):.2f} |")


if __name__ == "__main__":
    main()
