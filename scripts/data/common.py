"""Helpers shared by the data generators: folding, word lists, TSV output."""

import unicodedata
from pathlib import Path

from _venv import REPO

DATA = REPO / "data"

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD_EXTRA = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H", "ı": "i", "ŋ": "ng", "Ŋ": "Ng",
    "ə": "a", "Ə": "A",
    "ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "`": "'", "ʿ": "'", "ʾ": "'",
    "‐": "-", "‑": "-", "–": "-",
})


def ascii_fold(text: str) -> str:
    """`São Tomé` -> `Sao Tome`, `Kraków` -> `Krakow`, `Łódź` -> `Lodz`.

    Letters outside Latin script are kept as they are (callers drop such names).
    """
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def match_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key used to compare two names."""
    text = ascii_fold(text).casefold().replace("-", " ").replace(".", "").replace("'", "")
    return " ".join(text.split())


def is_latin(text: str) -> bool:
    """True when every letter in `text` is a Latin-script letter."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


DICT_PATH = Path("/usr/share/dict/american-english")


def scowl_lowercase_words() -> set[str]:
    """Lower-case entries of Debian's `wamerican` list (SCOWL size 50).

    SCOWL keeps proper nouns capitalised, so a lower-case entry is an ordinary
    English word (`nice`, `split`, `reading`) and `Kiev` or `Roma` are not.
    """
    words = set()
    for line in DICT_PATH.read_text(encoding="utf-8").splitlines():
        if line and line.isalpha() and line == line.lower():
            words.add(line)
    return words


def write_table(path: Path, header: list[str], columns: list[str], rows: list[list[str]]) -> int:
    """Write a TSV: `#` comment lines, one `#`-prefixed column line, sorted unique rows.

    Rows are sorted by their full text (code point order, which is also Rust's
    `str` order), and an exact duplicate row is an error. Returns the byte size.
    """
    lines = ["\t".join(str(cell) for cell in row) for row in rows]
    for line in lines:
        assert "\n" not in line and "\r" not in line, line
    lines.sort()
    dups = [a for a, b in zip(lines, lines[1:]) if a == b]
    if dups:
        raise SystemExit(f"duplicate rows in {path.name}: {dups[:3]}")
    text = "".join(f"# {h}\n" if h else "#\n" for h in header)
    text += "#" + "\t".join(columns) + "\n"
    text += "".join(line + "\n" for line in lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def read_table(path: Path) -> list[list[str]]:
    """Rows of a TSV written by `write_table` (or by hand in the same format)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows
