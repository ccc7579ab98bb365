"""Accounts, roles and the gebieden an opbouwwerker keeps current. No Flask here."""
