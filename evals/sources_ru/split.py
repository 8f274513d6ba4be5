"""Split all.jsonl into dev.jsonl and test.jsonl, deterministically by id.

A record goes to test.jsonl if int(sha256(id).hexdigest(), 16) % 2 == 1,
otherwise to dev.jsonl. Record order follows all.jsonl. Run once; rerunning
on an unchanged all.jsonl reproduces the same files.
"""
import hashlib
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def is_test(rid: str) -> bool:
    return int(hashlib.sha256(rid.encode("utf-8")).hexdigest(), 16) % 2 == 1


def main():
    lines = [l for l in (HERE / "all.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    import json
    dev, test = [], []
    for line in lines:
        (test if is_test(json.loads(line)["id"]) else dev).append(line)
    (HERE / "dev.jsonl").write_text("".join(l + "\n" for l in dev), encoding="utf-8")
    (HERE / "test.jsonl").write_text("".join(l + "\n" for l in test), encoding="utf-8")
    print(f"dev {len(dev)}  test {len(test)}  all {len(lines)}")


if __name__ == "__main__":
    main()
