"""The import pipeline: read a file, map its columns, validate rows, geocode, link to buurten, store, report.

CBS boundaries and kerncijfers (:mod:`.cbs`); aanbod files through the readers
registry (:mod:`.lezers`), the column mapping (:mod:`.mapping`), validation
into records (:mod:`.records`), the geocoders registry (:mod:`.geocoding`),
the upsert (:mod:`.bewaren`) and the report (:mod:`.rapport`). The use-cases
in :mod:`wijkkaart.diensten` run these steps inside one transaction.
"""
