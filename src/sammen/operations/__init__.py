"""Operations: what an operator runs beside the platform, such as ``sammen backup`` and ``sammen restore``.

The top layer with ``sammen.devtools``: nothing imports it, and it imports no other Sammen app (a backup covers
every table the database has, whichever app made it).
"""
