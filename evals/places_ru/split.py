"""Split all.jsonl into dev.jsonl / test.jsonl by a hash of the record id."""
import hashlib, json, os
here = os.path.dirname(os.path.abspath(__file__))
dev, test = [], []
with open(os.path.join(here, "all.jsonl"), encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        for p in r["places"]:
            assert p["text"] in r["text"], (r["id"], p["text"])
        h = int(hashlib.sha256(r["id"].encode("utf-8")).hexdigest(), 16)
        (test if h % 2 == 1 else dev).append(line if line.endswith("\n") else line + "\n")
for name, rows in (("dev.jsonl", dev), ("test.jsonl", test)):
    with open(os.path.join(here, name), "w", encoding="utf-8") as f:
        f.writelines(rows)
print(f"dev={len(dev)} test={len(test)}")
