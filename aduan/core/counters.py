"""The one counter primitive: register numbers, letter numbers, queue numbers, slot
places and deflections all come from it.

One upsert statement both creates the counter row and increments it, holding that
row's lock until the transaction ends; so the first number of a year (or of a day, or
of a slot) races safely, and no MAX()+1 is ever read.
"""

from typing import Any

from django.db import connection, models


def bump(model: type[models.Model], *, column: str = "value", **keys: Any) -> int:
    """Add one to the counter row identified by `keys` (creating it at 1); return the
    new value. The row stays locked until the caller's transaction ends."""
    meta = model._meta
    fields = [meta.get_field(name) for name in keys]
    names = [field.column for field in fields]
    values = [
        field.get_db_prep_value(keys[field.name], connection, prepared=False)
        for field in fields
    ]
    table = meta.db_table
    target = meta.get_field(column).column
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}, {quote(target)}) "
            f"VALUES ({', '.join(['%s'] * len(values))}, 1) "
            f"ON CONFLICT ({columns}) DO UPDATE SET "
            f"{quote(target)} = {quote(table)}.{quote(target)} + 1 "
            f"RETURNING {quote(target)}",
            values,
        )
        return cursor.fetchone()[0]
