"""Split all.jsonl into dev.jsonl / test.jsonl by a hash of the record id, and check the records.

A record goes to test if int(sha256(id).hexdigest(), 16) % 2 == 1, else to dev. Every tell's
`text` must be a substring of its record's text (at `start` when given), and `start` is given
exactly when the substring occurs more than once. Prints the counts the README card shows.
"""
import hashlib
import json
import os
from collections import Counter

here = os.path.dirname(os.path.abspath(__file__))
KINDS = {"en": {"calque", "case_ending", "untranslated", "name_order", "typography", "cyrillic", "homoglyph"},
         "ru": {"assistant", "persona", "homoglyph", "latin_word", "cliche"}}
KINDS["uk"] = KINDS["ru"]
GROUPS = {"en": {"translated", "control"}, "ru": {"machine", "human"}, "uk": {"machine", "human"}}
dev, test = [], []
counts = {name: Counter() for name in ("dev", "test")}
with open(os.path.join(here, "all.jsonl"), encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        lang = r["language"]
        assert r["id"].startswith({"en": ("mt-", "en-"), "ru": ("ru-",), "uk": ("uk-",)}[lang]), r["id"]
        assert r["group"] in GROUPS[lang], (r["id"], r["group"])
        assert bool(r["tells"]) == (r["group"] in ("translated", "machine")), r["id"]
        for t in r["tells"]:
            assert t["kind"] in KINDS[lang], (r["id"], t)
            at = t.get("start", r["text"].find(t["text"]))
            assert r["text"][at:at + len(t["text"])] == t["text"], (r["id"], t["text"])
            assert ("start" in t) == (r["text"].count(t["text"]) > 1), (r["id"], t["text"])
        h = int(hashlib.sha256(r["id"].encode("utf-8")).hexdigest(), 16)
        split = "test" if h % 2 == 1 else "dev"
        (test if split == "test" else dev).append(line if line.endswith("\n") else line + "\n")
        c = counts[split]
        c[f"records {lang} {r['group']}"] += 1
        for t in r["tells"]:
            c[f"tells {lang} {t['kind']}"] += 1
for name, rows in (("dev.jsonl", dev), ("test.jsonl", test)):
    with open(os.path.join(here, name), "w", encoding="utf-8") as f:
        f.writelines(rows)
print(f"dev={len(dev)} test={len(test)}")
for key in sorted(set(counts["dev"]) | set(counts["test"])):
    print(f"{key:28s} dev {counts['dev'][key]:3d}  test {counts['test'][key]:3d}")
