"""Review marks and the findings index in the store (used through ``Store`` methods)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from unspin.review import check_mark, finding_key
from unspin.store import tables as t
from unspin.store.ingest import now


def write_finding_index(connection: Any, article_id: str, analysis_json: Mapping[str, Any]) -> None:
    """Replace the article's rows in ``finding_index`` with the findings of this analysis."""
    connection.execute(delete(t.finding_index).where(t.finding_index.c.article_id == article_id))
    rows = [{"article_id": article_id, "position": position, "kind": str(f.get("kind", ""))[:128],
             "severity": str(f.get("severity", ""))[:16],
             "analyzer": str(f["analyzer"])[:64] if f.get("analyzer") else None}
            for position, f in enumerate(analysis_json.get("findings") or []) if isinstance(f, Mapping)]
    if rows:
        connection.execute(insert(t.finding_index), rows)


def set_mark(engine: Engine, article_id: str, finding: Mapping[str, Any], mark: str, note: str | None,
             analyst: str | None = None) -> dict[str, Any]:
    """Store (or replace) the mark on one finding of the article; returns the stored mark."""
    mark, note = check_mark(mark, note)
    key = finding_key(finding)
    values = {"mark": mark, "note": note, "analyst": (analyst or None) and analyst[:128],
              "analyzer": (str(finding.get("analyzer") or "") or None), "kind": str(finding.get("kind") or "")[:128],
              "updated_at": now()}
    m = t.review_marks.c
    with engine.begin() as connection:
        changed = connection.execute(update(t.review_marks).where(m.article_id == article_id, m.finding_key == key)
                                     .values(**values)).rowcount
        if not changed:
            connection.execute(insert(t.review_marks).values(article_id=article_id, finding_key=key, **values))
    return {"finding_key": key, **values, "updated_at": values["updated_at"].isoformat()}


def clear_mark(engine: Engine, article_id: str, key: str) -> bool:
    m = t.review_marks.c
    with engine.begin() as connection:
        return bool(connection.execute(delete(t.review_marks).where(m.article_id == article_id,
                                                                    m.finding_key == key)).rowcount)


def marks_for(engine: Engine, article_id: str) -> dict[str, dict[str, Any]]:
    """The article's marks by finding key."""
    m = t.review_marks.c
    query = select(m.finding_key, m.mark, m.note, m.analyst, m.analyzer, m.kind, m.updated_at).where(
        m.article_id == article_id)
    with engine.connect() as connection:
        return {row.finding_key: {"mark": row.mark, "note": row.note, "analyst": row.analyst,
                                  "analyzer": row.analyzer, "kind": row.kind,
                                  "updated_at": row.updated_at.isoformat() if row.updated_at else None}
                for row in connection.execute(query)}


def mark_counts(engine: Engine) -> list[dict[str, Any]]:
    """Marks counted per analyzer and kind: which flags analysts confirm and which they reject."""
    m = t.review_marks.c
    query = (select(m.analyzer, m.kind, m.mark, func.count()).group_by(m.analyzer, m.kind, m.mark))
    table: dict[tuple[str, str], dict[str, Any]] = {}
    with engine.connect() as connection:
        for analyzer, kind, mark, count in connection.execute(query):
            row = table.setdefault((analyzer or "", kind or ""), {"analyzer": analyzer or "", "kind": kind or "",
                                                                  "confirmed": 0, "dismissed": 0, "unsure": 0})
            row[mark] = row.get(mark, 0) + int(count)
    rows = sorted(table.values(), key=lambda r: (r["analyzer"], r["kind"]))
    for row in rows:
        decided = row["confirmed"] + row["dismissed"]
        row["dismissed_share"] = round(row["dismissed"] / decided, 3) if decided else None
    return rows
