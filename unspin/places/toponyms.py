"""Placeholder: being written."""
from spacy.language import Language


@Language.component("unspin_toponyms")
def unspin_toponyms(doc):
    return doc
