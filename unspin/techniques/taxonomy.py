"""The two persuasion-technique taxonomies unspin speaks, and the mapping between them.

SemEval-2023 Task 3 (23 techniques) is the one unspin predicts; SemEval-2020
Task 11 (the Propaganda Techniques Corpus, 14 labels, some of them merged
classes) is the one the strongest published span results use. Label strings
are exactly those of the shared-task files.
"""

from __future__ import annotations

SEMEVAL2023 = (
    "Loaded_Language", "Name_Calling-Labeling", "Doubt", "Repetition", "Appeal_to_Fear-Prejudice",
    "Exaggeration-Minimisation", "Flag_Waving", "False_Dilemma-No_Choice", "Appeal_to_Popularity",
    "Slogans", "Conversation_Killer", "Appeal_to_Authority", "Causal_Oversimplification",
    "Red_Herring", "Obfuscation-Vagueness-Confusion", "Straw_Man", "Appeal_to_Hypocrisy",
    "Guilt_by_Association", "Whataboutism", "Questioning_the_Reputation", "Appeal_to_Values",
    "Appeal_to_Time", "Consequential_Oversimplification",
)

PTC2020 = (
    "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Doubt", "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice", "Flag-Waving", "Causal_Oversimplification", "Appeal_to_Authority",
    "Slogans", "Black-and-White_Fallacy", "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring", "Bandwagon,Reductio_ad_hitlerum",
)

# 2023 label -> 2020 label. Techniques new in 2023 (Questioning_the_Reputation,
# Appeal_to_Values, Appeal_to_Time, Consequential_Oversimplification) have no 2020
# counterpart; Obfuscation had none in the 14-label release either.
TO_PTC2020: dict[str, str | None] = {
    "Loaded_Language": "Loaded_Language",
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Doubt": "Doubt",
    "Repetition": "Repetition",
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Flag_Waving": "Flag-Waving",
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Slogans": "Slogans",
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Appeal_to_Hypocrisy": "Whataboutism,Straw_Men,Red_Herring",
    "Obfuscation-Vagueness-Confusion": None,
    "Questioning_the_Reputation": None,
    "Appeal_to_Values": None,
    "Appeal_to_Time": None,
    "Consequential_Oversimplification": None,
}


def to_ptc2020(label: str) -> str | None:
    """The 2020 label of a 2023 technique (None where 2020 has no counterpart)."""
    return TO_PTC2020[label]
