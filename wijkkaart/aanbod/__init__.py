"""Collectief aanbod: organisaties, locaties, aanbod and their opening hours.

The model follows Open Referral HSDS 3 in Dutch terms (see ``docs/aanbod.md``):
``organisatie`` ≈ organization, ``aanbod`` ≈ service, ``locatie`` ≈ location,
``aanbod_locatie`` ≈ service_at_location, and opening hours (HSDS schedule)
stored as OSM ``opening_hours`` strings.
"""
