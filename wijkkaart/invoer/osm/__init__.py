"""OpenStreetMap extracts: the walkable ways of an ``.osm.pbf`` file (:mod:`.lezen`), and fetching one (:mod:`.download`)."""
