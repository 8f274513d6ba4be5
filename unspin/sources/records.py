"""Plain records the sources modules pass between them.

Offsets are character offsets into the article text, end exclusive, like
everywhere in unspin. Token indices (``head``) refer to the spaCy ``Doc``
the attribution was found in; they are used to classify the speaker and
never leave this package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NAMED_PERSON = "named_person"
NAMED_ORGANIZATION = "named_organization"
UNNAMED_DESCRIBED = "unnamed_described"
ANONYMOUS = "anonymous"
UNATTRIBUTED = "unattributed"
SOURCE_CLASSES = (NAMED_PERSON, NAMED_ORGANIZATION, UNNAMED_DESCRIBED, ANONYMOUS, UNATTRIBUTED)
NAMED_CLASSES = frozenset({NAMED_PERSON, NAMED_ORGANIZATION})


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int

    def as_dict(self, text: str) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": text[self.start:self.end]}

    def overlap(self, other: TextSpan) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class SpeakerMention:
    """Who speaks, as written: "a senior Kremlin advisor", "he", "Gerasimov"."""

    span: TextSpan
    head: int  # token index of the head word
    extra: TextSpan | None = None  # an apposition that may name or describe them


@dataclass
class Source:
    """What kind of source a speaker mention is (the summary's "source")."""

    cls: str
    name: str | None = None
    role: str | None = None
    description: str | None = None
    refers_to: str | None = None
    antecedent: TextSpan | None = None
    # Used for resolving back-references, not reported:
    group: str | None = None  # role-noun group of the head word ("soldier"); None if no role noun
    head_word: str | None = None  # lemma of the head word ("ministry"), to meet "the ministry" again
    pronoun: str | None = None  # he / she / they / it when the mention is a pronoun
    definite: bool = False  # "the soldier" (may point back) vs "a soldier" (new)
    plural: bool = False
    vague: bool = False  # "critics", "Western media"

    def as_dict(self, text: str) -> dict[str, Any]:
        return {
            "class": self.cls,
            "name": self.name,
            "role": self.role,
            "description": self.description,
            "refers_to": self.refers_to,
            "antecedent": self.antecedent.as_dict(text) if self.antecedent else None,
        }


@dataclass
class Attribution:
    kind: str  # "direct" | "indirect"
    content: TextSpan
    cue: TextSpan | None = None
    speaker: SpeakerMention | None = None
    cue_token: int | None = None  # the cue verb's token, so one cue makes one attribution
    source: Source = field(default_factory=lambda: Source(UNATTRIBUTED))
    id: str = ""
    continues: Attribution | None = None  # a cue-less quote that goes on from this one

    def _detail(self) -> TextSpan | None:
        """What the text says about the speaker right after the name (", co-director
        of …,"), unless that clause is where the speaking happens ("X, who said …")."""
        extra = self.speaker.extra if self.speaker else None
        if extra is None or self.cue is not None and extra.start <= self.cue.start < extra.end:
            return None
        return extra

    def as_dict(self, text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "speaker": self.speaker.span.as_dict(text) if self.speaker else None,
            "speaker_detail": self._detail().as_dict(text) if self._detail() else None,
            "cue": self.cue.as_dict(text) if self.cue else None,
            "content": self.content.as_dict(text),
            "source": self.source.as_dict(text),
        }
