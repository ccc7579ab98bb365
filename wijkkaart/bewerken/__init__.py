"""Editing by people: hand edits with their audit trail, residents' submissions, verification, accounts.

Every function takes a session and leaves the transaction to its caller (the
use-cases of :mod:`wijkkaart.diensten`), so a change and its trail rows are
committed together or not at all.
"""
