"""Export as an Anki package (.apkg, written by `genanki`, imported only when used): one
note per question, in a deck per topic under "DeepStudy", with the question's tags.

The note type "DeepStudy question" has the fields Question, Answer (the short answer),
Details (the detailed answer), Key points, Follow-ups and Level. Formulas stay MathJax and
code stays `<pre><code>` (anki_fields), pictures travel as the package's media. The ids of
the note type, the decks and each note's guid are fixed, so exporting again and importing
into Anki updates the same notes instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from studyapp.domain import Question
from studyapp.interchange.anki_fields import inline_html, markdown_to_anki_html, plain_list_html
from studyapp.interchange.exporting import (
    ExportResult,
    ImageSource,
    Progress,
    image_name,
    image_refs,
    write_failure,
)
from studyapp.storage.atomic_file import replaced_when_written

MODEL_ID = 1_733_214_771  # chosen once; Anki knows the note type by it
MODEL_NAME = "DeepStudy question"
FIELDS = ("Question", "Answer", "Details", "Key points", "Follow-ups", "Level")
ROOT_DECK = "DeepStudy"

_FRONT = '<div class="question">{{Question}}</div>'
_BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Details}}<div class="details">{{Details}}</div>{{/Details}}
{{#Key points}}<h3>Key points</h3>{{Key points}}{{/Key points}}
{{#Follow-ups}}<h3>Interviewer follow-ups</h3>{{Follow-ups}}{{/Follow-ups}}
<p class="level">{{Level}} · {{Tags}}</p>"""
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; line-height: 1.45;
  max-width: 46em; margin: 0 auto; }
.question { font-size: 22px; font-weight: 600; }
.answer { background: rgba(38, 110, 220, 0.08); border-left: 4px solid #2b6fd6; padding: 8px 12px; }
pre { background: rgba(127, 127, 127, 0.12); padding: 10px; overflow-x: auto; }
code { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 15px; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 4px 8px; }
img { max-width: 100%; }
.level { color: #888; font-size: 14px; }
"""


def anki_tag(tag: str) -> str:
    """Anki separates tags with spaces: "batch norm" becomes "batch_norm"."""
    return "_".join(tag.split())


def export_anki(
    questions: Sequence[Question],
    topic_name: Callable[[str], str],
    path: Path,
    images: ImageSource,
    progress: Progress | None = None,
) -> ExportResult:
    import genanki

    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Recall", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    decks: dict[str, Any] = {}
    missing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deepstudy-anki-") as folder:
        media: dict[str, Path] = {}
        for done, question in enumerate(questions, start=1):
            for ref in image_refs(question):
                name = image_name(ref)
                if name in media:
                    continue
                data = images(ref)
                if data is None:
                    missing.append(ref)
                    continue
                media[name] = Path(folder) / name
                media[name].write_bytes(data)
            deck_name = f"{ROOT_DECK}::{topic_name(question.topic)}"
            if deck_name not in decks:
                decks[deck_name] = genanki.Deck(_stable_id(deck_name), deck_name)
            decks[deck_name].add_note(
                genanki.Note(
                    model=model,
                    fields=note_fields(question),
                    tags=[anki_tag(t) for t in question.tags if t.strip()],
                    guid=genanki.guid_for("deepstudy", question.id),
                )
            )
            if progress is not None:
                progress(done, len(questions))
        package = genanki.Package(
            list(decks.values()), media_files=[str(p) for p in media.values()]
        )
        try:
            with replaced_when_written(path) as temporary:
                package.write_to_file(str(temporary))
        except OSError as error:
            raise write_failure(path, error) from error
    return ExportResult(path, len(questions), len(media), tuple(missing))


def note_fields(question: Question) -> list[str]:
    """The note's fields, in the order of FIELDS."""
    short, _ = markdown_to_anki_html(question.short_answer)
    mistakes = (
        f"### Common mistakes\n\n{question.common_mistakes}" if question.common_mistakes else ""
    )
    details, _ = markdown_to_anki_html(
        "\n\n".join(p for p in (question.detailed_answer, mistakes) if p)
    )
    follow = "".join(
        f"<p><b>{inline_html(f.question)}</b><br>{inline_html(f.answer)}</p>"
        for f in question.follow_ups
    )
    return [
        html.escape(question.title),
        short,
        details,
        plain_list_html(list(question.key_points)),
        follow,
        question.difficulty_label,
    ]


def _stable_id(name: str) -> int:
    """A deck id from its name: the same deck in every export, in Anki's id range."""
    return 1 << 30 | int.from_bytes(hashlib.sha1(name.encode()).digest()[:4], "big")
