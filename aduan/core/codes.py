"""Tracking codes: 80 random bits in Crockford base32 with Crockford's check symbol.

A member of the public types the code from a receipt or an SMS, so decoding forgives
what people do: lower case, spaces and hyphens, O for 0, I and L for 1.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
BITS = 80
DATA_LENGTH = BITS // 5  # 16 symbols
LENGTH = DATA_LENGTH + 1

_DECODE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_DECODE.update({"O": 0, "I": 1, "L": 1})
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def encode(value: int) -> str:
    """Encode a non-negative integer below 2**80 as 16 symbols plus a check symbol."""
    if not 0 <= value < 2**BITS:
        raise ValueError("value out of range")
    symbols = []
    for _ in range(DATA_LENGTH):
        symbols.append(ALPHABET[value & 31])
        value >>= 5
    data = "".join(reversed(symbols))
    return data + CHECK_ALPHABET[_decode_data(data) % 37]


def _decode_data(data: str) -> int:
    value = 0
    for symbol in data:
        value = value * 32 + _DECODE[symbol]
    return value


def new_tracking_code() -> str:
    """Return a fresh random tracking code (80 bits from the OS's CSPRNG)."""
    return encode(secrets.randbits(BITS))


def normalize(text: str) -> str | None:
    """Return the canonical code for what a person typed, or None if it is not valid."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    if len(cleaned) != LENGTH:
        return None
    cleaned = cleaned.translate(_TRANSLATE)
    data, check = cleaned[:DATA_LENGTH], cleaned[DATA_LENGTH]
    if any(symbol not in _DECODE for symbol in data) or check not in CHECK_ALPHABET:
        return None
    if CHECK_ALPHABET[_decode_data(data) % 37] != check:
        return None
    return data + check


def decode(code: str) -> int:
    """Return the integer behind a valid code; ValueError if it is not one."""
    canonical = normalize(code)
    if canonical is None:
        raise ValueError("invalid tracking code")
    return _decode_data(canonical[:DATA_LENGTH])


def display(code: str) -> str:
    """Group a canonical code for reading aloud: XXXX-XXXX-XXXX-XXXXC."""
    return "-".join([code[0:4], code[4:8], code[8:12], code[12:]])
