"""The base of every JSON request body: text must be encodable as UTF-8.

JSON may escape a lone UTF-16 surrogate (`"\\udc00"`); Python decodes it into a `str` that
cannot be encoded as UTF-8, so it could be neither hashed, nor stored in SQLite, nor sent
back. Such a body is rejected up front (422 invalid-request), wherever the string sits,
keys and extra fields included."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator


def _check_text(value: Any) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


class Body(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        _check_text(data)
        return data
