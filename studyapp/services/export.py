"""Exports a person can take elsewhere: the review log as CSV, progress as JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studyapp import __version__
from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.domain import Rating
from studyapp.storage import repository
from studyapp.storage.atomic_file import replaced_on_success
from studyapp.storage.database import Store
from studyapp.storage.review_log import iter_review_log

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2000  # rows between two progress reports

CSV_COLUMNS = (
    "review_id",
    "question_id",
    "question",
    "topic",
    "reviewed_at_utc",
    "rating",
    "rating_name",
    "duration_ms",
    "mode",
    "key_points_ticked",
    "key_points_suggested",
    "typed_answer",
)


def _one_based(stored: str) -> str:
    """Stored key-point indexes '0,2' as people count them: '1 3'."""
    return " ".join(str(int(part) + 1) for part in stored.split(",") if part)


class ExportService:
    def __init__(self, library: Library, store: Store, clock: Clock) -> None:
        self.library = library
        self._store = store
        self._clock = clock

    def review_log_csv(self, path: Path, progress: Progress | None = None) -> int:
        """Write every review, oldest first; returns how many rows were written.

        Rows are streamed from the database, so a long log never sits in memory at once. The
        file is replaced only once it is complete (storage.atomic_file); `progress(done,
        total)` follows the rows, for a window that shows how far it is.
        """
        titles = {q.id: (q.title, q.topic) for q in self.library.questions}
        count = 0
        with self._store.reading() as db, replaced_on_success(path, newline="") as handle:
            total = repository.review_count(db) if progress is not None else 0
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for r in iter_review_log(db):
                title, topic = titles.get(r.question_id, ("", ""))
                rating = Rating(r.rating)
                writer.writerow(
                    [
                        r.id,
                        r.question_id,
                        title,
                        topic,
                        r.reviewed_at.isoformat(),
                        r.rating,
                        rating.label,
                        r.duration_ms,
                        r.mode,
                        _one_based(r.ticked),
                        _one_based(r.suggested),
                        r.typed_answer or "",
                    ]
                )
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count, total)
        return count

    def progress_json(self, path: Path) -> int:
        """Per-question state, star and note, and the settings; returns how many questions
        were written. Questions whose file no longer loads (a parse error, a file removed)
        keep their progress in the export too (review M8)."""
        with self._store.reading() as db:
            cards = repository.all_cards(db)
            stars = repository.starred_ids(db)
            notes = repository.notes(db)
            settings = repository.load_settings(db)
        known = {q.id: q for q in self.library.questions}
        ids = sorted(set(known) | set(cards) | stars | set(notes))
        questions: list[dict[str, Any]] = []
        for qid in ids:
            q = known.get(qid)
            card = cards.get(qid)
            questions.append(
                {
                    "id": qid,
                    "title": q.title if q else None,
                    "topic": q.topic if q else None,
                    "in_content": q is not None,
                    "starred": qid in stars,
                    "note": notes.get(qid, ""),
                    "phase": card.phase.name.lower() if card else "new",
                    "reps": card.reps if card else 0,
                    "lapses": card.lapses if card else 0,
                    "stability_days": card.stability if card else None,
                    "difficulty": card.difficulty if card else None,
                    "due": card.due.isoformat() if card and card.due else None,
                    "last_review": card.last_review.isoformat()
                    if card and card.last_review
                    else None,
                }
            )
        document = {
            "app": "DeepStudy",
            "version": __version__,
            "exported_at": self._clock.now().isoformat(),
            "settings": settings,
            "questions": questions,
        }
        with replaced_on_success(path) as out:
            out.write(json.dumps(document, indent=2, ensure_ascii=False))
        return len(questions)
