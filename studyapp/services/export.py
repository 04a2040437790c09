"""Exports a person can take elsewhere: the review log as CSV, progress as JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from studyapp import __version__
from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.domain import Rating
from studyapp.storage import repository
from studyapp.storage.database import Store
from studyapp.storage.review_log import iter_review_log

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

    def review_log_csv(self, path: Path) -> int:
        """Write every review, oldest first; returns how many rows were written.

        Rows are streamed from the database, so a long log never sits in memory at once.
        """
        titles = {q.id: (q.title, q.topic) for q in self.library.questions}
        count = 0
        with self._store.reading() as db, path.open("w", newline="", encoding="utf-8") as handle:
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
        return count

    def progress_json(self, path: Path) -> int:
        """Per-question state, star and note; returns how many questions were written."""
        with self._store.reading() as db:
            cards = repository.all_cards(db)
            stars = repository.starred_ids(db)
            notes = repository.notes(db)
        questions: list[dict[str, Any]] = []
        for q in self.library.questions:
            card = cards.get(q.id)
            questions.append(
                {
                    "id": q.id,
                    "title": q.title,
                    "topic": q.topic,
                    "starred": q.id in stars,
                    "note": notes.get(q.id, ""),
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
            "questions": questions,
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
        return len(questions)
