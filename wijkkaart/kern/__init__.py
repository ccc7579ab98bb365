"""Shared domain: the words, codes and rules every layer uses. No SQLAlchemy, no Flask.

CBS codes and levels (:mod:`.codes`), coordinate systems (:mod:`.crs`), opening
hours (:mod:`.openingstijden`) and day parts (:mod:`.dagdelen`), the controlled
vocabulary (:mod:`.vocabulaire`), kerncijfers (:mod:`.kerncijfers`), the gap
filter (:mod:`.filters`), who may edit what (:mod:`.rechten`), language and
numbers (:mod:`.taal`, :mod:`.getallen`), values as people type them
(:mod:`.tekst`), the HSDS profile (:mod:`.hsds`), errors (:mod:`.fouten`) and
settings (:mod:`.settings`).
"""
