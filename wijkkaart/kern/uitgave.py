"""The release this code is (``wijkkaart --version``); cache keys and ETags carry it, so an upgrade starts fresh."""

VERSIE = "0.2.0"
