"""CBS data in: the Wijk- en Buurtkaart (:mod:`.gebieden`), kerncijfers tables (:mod:`.kerncijfers`), downloads (:mod:`.download`)."""
