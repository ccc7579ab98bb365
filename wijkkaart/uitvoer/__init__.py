"""Output: what the map, the API and the exports make of stored data and analysis results.

Region GeoJSON simplified per zoom (:mod:`.kaartdata`), the folium map and its
legends (:mod:`.kaarten`), aanbod map layers (:mod:`.kaartlagen`), the
residents' finder (:mod:`.vinder`), aanbod exports (:mod:`.aanbodexport`,
:mod:`.hsds`), the gap table and its exports (:mod:`.gatentabel`) and the buurt
profile (:mod:`.buurtprofiel`). Functions here take a session or results and
return values; the transaction belongs to the caller.
"""
