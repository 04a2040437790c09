"""Our frozen dataclasses as plain JSON values and back, checked against their type hints.

The parsed-content cache lives in the data folder, which is user data: it is copied, synced
and restored from other machines, so it must never be able to run code when read (pickle
could: a planted file ran a command on every start). JSON holds only data, and reading it
back goes field by field through the dataclass's own type hints, so a file that does not
match the code exactly (a field missing, added or of another type) is refused as a whole and
the content is parsed again. Every field of every class is covered by the same code, so a
field added to `Question` is cached without anyone remembering to list it here.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class PlainDataError(ValueError):
    """The data does not have the shape the dataclass's type hints describe."""


def to_plain(value: Any) -> Any:
    """`value` (dataclasses, tuples, enums, str, int, float, bool, None) as JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise PlainDataError(f"{type(value).__name__} has no plain form")


def from_plain(kind: type[T], data: Any) -> T:
    """An instance of dataclass `kind` built from `data`; raises PlainDataError unless every
    field is present, no other key is, and each value has its hinted type."""
    return typing.cast(T, _decoder(typing.cast(Any, kind))(data))


Decoder = typing.Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that checks and converts data for `hint`, built once per hint: the cache
    is read on every start, and walking the hints for every value took 12 ms."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(hint))
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(tuple(_decoder(arg) for arg in typing.get_args(hint)))
    if hint is type(None):
        return _none
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_decoder(hint)
    if hint is float:
        return _float
    if hint in (str, int, bool):
        return _exact_decoder(hint)
    raise PlainDataError(f"no plain form for {hint!r}")


def _dataclass_decoder(kind: type) -> Decoder:
    hints = _field_hints(kind)
    names = hints.keys()
    fields = [(name, _decoder_later(hint)) for name, hint in hints.items()]

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != names:
            raise PlainDataError(f"{kind.__name__}: expected an object with its fields")
        return kind(**{name: field()(data[name]) for name, field in fields})

    return decode


def _decoder_later(hint: Any) -> typing.Callable[[], Decoder]:
    """The decoder for `hint`, looked up when first used (a class may refer to itself)."""
    return lambda: _decoder(hint)


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        if args[0] in (str, int):
            exact = args[0]

            def same_type_items(data: Any) -> tuple[Any, ...]:
                if type(data) is not list or any(type(item) is not exact for item in data):
                    raise PlainDataError(f"expected a list of {exact.__name__}")
                return tuple(data)

            return same_type_items
        item_decoder = _decoder(args[0])

        def items(data: Any) -> tuple[Any, ...]:
            if type(data) is not list:
                raise PlainDataError("expected a list")
            return tuple(item_decoder(item) for item in data)

        return items
    decoders = tuple(_decoder(arg) for arg in args)

    def fixed(data: Any) -> tuple[Any, ...]:
        if type(data) is not list or len(data) != len(decoders):
            raise PlainDataError(f"expected a list of {len(decoders)}")
        return tuple(decode(item) for decode, item in zip(decoders, data, strict=True))

    return fixed


def _union_decoder(decoders: tuple[Decoder, ...]) -> Decoder:
    def decode(data: Any) -> Any:
        for decoder in decoders:
            try:
                return decoder(data)
            except PlainDataError:
                continue
        raise PlainDataError("matches none of the allowed types")

    return decode


def _none(data: Any) -> None:
    if data is not None:
        raise PlainDataError("expected null")


def _enum_decoder(kind: type[enum.Enum]) -> Decoder:
    def decode(data: Any) -> Any:
        try:
            return kind(data)
        except ValueError as error:
            raise PlainDataError(str(error)) from error

    return decode


def _float(data: Any) -> float:
    if type(data) not in (int, float):
        raise PlainDataError("expected a number")
    return float(data)


def _exact_decoder(kind: type) -> Decoder:
    # bool is an int in Python, and an int is not a bool: the exact type is checked.
    def decode(data: Any) -> Any:
        if type(data) is not kind:
            raise PlainDataError(f"expected {kind.__name__}, got {type(data).__name__}")
        return data

    return decode


@cache
def _field_hints(kind: type) -> dict[str, Any]:
    """Field name to resolved type hint, in field order (resolved once per class)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind) if f.init}
