"""Phone numbers in a Chinese phone cell (咨询电话, 监督投诉电话).

Real cells hold more than one number: labelled lists (`出入境：12367、监管：02767128252`), extensions
(`020-87300569-825`, `…转825`), hotline key sequences (`020-12333-9-3`), international forms
(`(8620) 81218888`, `86 20 87512631`) and sentences with web addresses, times and dates whose digits are not
numbers. This module finds the numbers in such text; whether a number is valid is libphonenumber's
decision (the `phonenumbers` package: area codes and subscriber lengths of every Chinese area, mobile and
400/800 ranges), plus the short service numbers it does not list for a whole country (12345, 12367, 96122,
95xxx, with or without an area code in front).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# Digits that are never a phone number: web and e-mail addresses, times (9:00), dates, numbers with a unit.
NOT_A_NUMBER = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?:"
    r"(?:https?://|www\.|[A-Za-z0-9-]+\.(?:gov|com|net|org|cn)\b)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?<!\d)(?:\d{1,2}\s*:\s*\d{2}"
    r"|(?:19|20)\d{2}(?:\s*年|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))"
    r"|\d+(?=\s*(?:小时|分钟|号|室|楼|层|元|个|次|天|日|年|月|%)))"
    r"|(?:邮编|邮政编码)\s*:?\s*\d{6}")
EXTENSION = re.compile(r"\s*(?:转|分机)\s*(?=\d)")
# A run of digits with separators; a bracket only around digits ('(0760)', '(8620)'), never '(24小时)'.
TOKEN = re.compile(r"\+?(?:\(\d+\)|\d)(?:[\d\-—–\s]|\(\d+\))*\d")
GROUPS = re.compile(r"\d+")
SERVICE = re.compile(r"(?:0\d{2,3})?(?:1\d{4}|9[56]\d{3,4})")   # 12345, 0760-12345, 96122, 95588
LOCAL = re.compile(r"[2-9]\d{6,7}")                             # a fixed line without its area code
MIN_DIGITS = 5                                                   # fewer digits are never a number (22号, 110)
MAX_SUFFIX = 6                                                   # extension or keys after a number: 825, 9-3


@dataclass(frozen=True)
class Phone:
    text: str     # as written in the cell (full-width forms made half-width, 转 read as -)
    number: str   # national digits without extension or keys ('02087300569', '12345'); '' when invalid
    kind: str     # valid | local (a fixed line without area code) | invalid


def _national(digits: str) -> str:
    """Digits without the country code 86 / 0086; a fixed line gets its trunk 0 back."""
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) >= 12:     # no national number is 12+ digits starting 86
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith("1") else "0" + digits


@lru_cache(maxsize=8192)      # the same numbers recur across cells; libphonenumber takes ~0.1 ms a number
def _kind(digits: str) -> str:
    if len(digits) < MIN_DIGITS:
        return "invalid"
    national = _national(digits)
    if SERVICE.fullmatch(national):
        return "valid"
    if LOCAL.fullmatch(national):
        return "local"
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(national, "CN"))
    except phonenumbers.NumberParseException:
        valid = False
    return "valid" if valid else "invalid"


def parse(text: str) -> Phone:
    """One number as written: the longest run of its digit groups that is a number, the rest (groups of at most
    six digits) an extension or hotline keys."""
    groups = GROUPS.findall(text)
    for end in range(len(groups), 0, -1):
        digits = "".join(groups[:end])
        kind = _kind(digits)
        if kind != "invalid" and all(len(g) <= MAX_SUFFIX for g in groups[end:]):
            return Phone(text, _national(digits), kind)
    return Phone(text, "", "invalid")


def _split(token: str) -> list[str]:
    """A space inside a token separates two numbers once the part before it is a number ('0777-6512345
    0777-6512346'); otherwise it is inside one ('0777 6512345', '138 0013 8000', '86 20 87512631')."""
    out, current = [], ""
    for piece in token.split():
        if current and parse(current).kind != "invalid":
            out.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    return out + [current]


def phones(text: str) -> list[Phone]:
    """The numbers of a phone cell, in order. Full-width forms are read as half-width (NFKC)."""
    text = EXTENSION.sub("-", NOT_A_NUMBER.sub(" ", unicodedata.normalize("NFKC", text)))
    found = []
    for token in TOKEN.findall(text):
        for number in _split(token):
            if sum(map(len, GROUPS.findall(number))) >= MIN_DIGITS:
                found.append(parse(number.strip()))
    return found
