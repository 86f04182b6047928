"""办件查询 and the case detail: finding any case of this window and reading all of it."""
