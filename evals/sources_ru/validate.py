"""Validate all.jsonl (and dev/test if present) and print counts.

Checks: schema, enums, that every cue/source/content is an exact substring of
text, that *_start offsets are present exactly when the substring occurs more
than once (overlapping occurrences counted) and point at it, that source is
null exactly for class "unattributed", and that dev+test == all.

Usage: python validate.py
"""
import collections
import hashlib
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {"direct", "indirect"}
CLASSES = {"named_person", "named_organization", "unnamed_described",
           "anonymous", "unattributed"}
QUOTES = "«»„“”\""


def occurrences(text, s):
    out, i = [], text.find(s)
    while i != -1:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def load(name):
    path = HERE / name
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check(records):
    errors = []
    seen = set()
    for r in records:
        rid = r.get("id")
        def err(msg):
            errors.append(f"{rid}: {msg}")
        if set(r) != {"id", "language", "text", "attributions"}:
            err(f"unexpected keys {sorted(r)}")
        if not re.fullmatch(r"(ru|uk)-\d{3}", rid or ""):
            err("bad id")
        if rid in seen:
            err("duplicate id")
        seen.add(rid)
        if r.get("language") not in ("ru", "uk") or not rid.startswith(r.get("language", "?") + "-"):
            err("language does not match id prefix")
        text = r["text"]
        for a in r["attributions"]:
            allowed = {"cue", "source", "content", "kind", "class",
                       "cue_start", "source_start", "content_start"}
            if not set(a) <= allowed:
                err(f"unexpected keys {sorted(set(a) - allowed)}")
            if a.get("kind") not in KINDS:
                err(f"bad kind {a.get('kind')}")
            if a.get("class") not in CLASSES:
                err(f"bad class {a.get('class')}")
            if (a.get("source") is None) != (a.get("class") == "unattributed"):
                err("source must be null exactly when class is unattributed")
            for field in ("cue", "source", "content"):
                s = a.get(field)
                if s is None:
                    if field != "source":
                        err(f"{field} is null")
                    if field + "_start" in a:
                        err(f"{field}_start given for null {field}")
                    continue
                occ = occurrences(text, s)
                if not occ:
                    err(f"{field} {s!r} not a substring of text")
                    continue
                key = field + "_start"
                if len(occ) > 1 and key not in a:
                    err(f"{field} {s!r} occurs {len(occ)} times but no {key}")
                if key in a:
                    if len(occ) == 1:
                        err(f"{key} given but {field} is unique")
                    if text[a[key]:a[key] + len(s)] != s:
                        err(f"{key}={a[key]} does not point at {s!r}")
                if s != s.strip():
                    err(f"{field} {s!r} has outer whitespace")
            c = a.get("content") or ""
            if c and (c[0] in QUOTES or c[-1] in QUOTES and c.count(c[-1]) % 2):
                err(f"content {c!r} includes outer quote marks")
            if c.endswith((",", ".", ";", ":")) and not c.endswith("тыс."):
                err(f"content {c!r} ends with punctuation")
    return errors


def split_of(rid):
    return "test" if int(hashlib.sha256(rid.encode("utf-8")).hexdigest(), 16) % 2 == 1 else "dev"


def counts(records, title):
    lang = collections.Counter(r["language"] for r in records)
    cls = collections.Counter(a["class"] for r in records for a in r["attributions"])
    kind = collections.Counter(a["kind"] for r in records for a in r["attributions"])
    n_att = sum(len(r["attributions"]) for r in records)
    empty = sum(1 for r in records if not r["attributions"])
    print(f"== {title}: {len(records)} records "
          f"(ru {lang['ru']}, uk {lang['uk']}), {n_att} attributions, "
          f"{empty} records with none")
    for k in sorted(CLASSES):
        print(f"   class {k:20s} {cls[k]}")
    for k in sorted(KINDS):
        print(f"   kind  {k:20s} {kind[k]}")


def main():
    allrecs = load("all.jsonl")
    errors = check(allrecs)
    by_id = {r["id"]: r for r in allrecs}
    for name in ("dev", "test"):
        p = HERE / f"{name}.jsonl"
        if not p.exists():
            continue
        part = load(p.name)
        for r in part:
            if split_of(r["id"]) != name:
                errors.append(f"{r['id']}: in {name}.jsonl but hashes to {split_of(r['id'])}")
            if by_id.get(r["id"]) != r:
                errors.append(f"{r['id']}: {name}.jsonl record differs from all.jsonl")
    if (HERE / "dev.jsonl").exists() and (HERE / "test.jsonl").exists():
        ids = sorted(r["id"] for n in ("dev", "test") for r in load(f"{n}.jsonl"))
        if ids != sorted(by_id):
            errors.append("dev + test ids != all ids")
    for e in errors:
        print("ERROR", e)
    counts(allrecs, "all")
    for name in ("dev", "test"):
        if (HERE / f"{name}.jsonl").exists():
            part = load(f"{name}.jsonl")
            counts(part, name)
            for lg in ("ru", "uk"):
                counts([r for r in part if r["language"] == lg], f"{name}/{lg}")
    for lg in ("ru", "uk"):
        counts([r for r in allrecs if r["language"] == lg], f"all/{lg}")
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
