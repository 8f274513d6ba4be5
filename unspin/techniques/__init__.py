"""Persuasion techniques (issue 4): span-level detection with the SemEval-2023
Task 3 taxonomy, mapped to the 14 labels of SemEval-2020 Task 11."""
