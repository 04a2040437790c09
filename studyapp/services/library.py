"""Questions, topics, search and the user's stars and notes."""

from __future__ import annotations

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.content.search import SearchIndex, parse_query
from studyapp.domain import Changes, Question, Review, Topic
from studyapp.storage import repository
from studyapp.storage.database import Store


class LibraryService:
    def __init__(self, library: Library, store: Store, clock: Clock) -> None:
        self.library = library
        self._store = store
        self._clock = clock
        # The search index is built off the start-up path: by `prepare_search` once the window
        # shows, or by the first search, whichever comes first.
        self._index: SearchIndex | None = None
        self._by_id = {q.id: q for q in library.questions}
        self.stars_version = 0  # counts star changes, so views know when theirs are stale
        self.notes_version = 0  # the same for notes (the list marks the questions with one)

    def use_library(self, library: Library) -> None:
        """Serve `library` from now on (own questions were added, edited or deleted); the
        search index is rebuilt at the next search."""
        self.library = library
        self._by_id = {q.id: q for q in library.questions}
        self._index = None
        self.stars_version += 1  # the browser's cached rows name the old questions

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.library.questions

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.library.topics

    def question(self, question_id: int) -> Question | None:
        return self.library.question(question_id)

    def topic_name(self, topic_id: str) -> str:
        topic = self.library.topic(topic_id)
        return topic.name if topic else topic_id

    def search(self, query: str, topic_ids: frozenset[str] = frozenset()) -> list[Question]:
        """Questions matching `query` (see `content.search`), best first, in those topics."""
        return [self._by_id[qid] for qid in self.search_ids(query, topic_ids)]

    def search_ids(self, query: str, topic_ids: frozenset[str] = frozenset()) -> list[int]:
        if not parse_query(query):
            found = [q.id for q in self.library.questions]
        else:
            found = self._search_index().search(query)
        if not topic_ids:
            return found
        return [qid for qid in found if self._by_id[qid].topic in topic_ids]

    def correct(self, query: str) -> str | None:
        """The query with its typos corrected (see `SearchIndex.correct`), or None."""
        if not parse_query(query):
            return None
        return self._search_index().correct(query)

    def prepare_search(self) -> None:
        """Build the search index now, so that the first keystroke does not wait for it
        (about 10 ms for 50 questions, 2 s for 5,000)."""
        self._search_index()

    def _search_index(self) -> SearchIndex:
        if self._index is None:
            with self._store.reading() as db:
                notes = repository.notes(db)
            self._index = SearchIndex(self.library.questions, notes)
        return self._index

    def starred(self) -> set[int]:
        with self._store.reading() as db:
            return repository.starred_ids(db)

    def noted(self) -> set[int]:
        """The questions that have a note (a blank one does not count)."""
        with self._store.reading() as db:
            return {qid for qid, text in repository.notes(db).items() if text.strip()}

    def set_starred(self, question_id: int, starred: bool) -> Changes:
        with self._store.writing() as session:
            repository.set_starred(session, question_id, starred, self._clock.now())
        self.stars_version += 1
        return Changes(stars=True, question_ids=frozenset({question_id}))

    def note(self, question_id: int) -> str:
        with self._store.reading() as db:
            return repository.notes(db).get(question_id, "")

    def set_note(self, question_id: int, text: str) -> Changes:
        with self._store.writing() as session:
            repository.set_note(session, question_id, text, self._clock.now())
        self.notes_version += 1
        if self._index is not None:  # otherwise the index reads every note when built
            self._index.set_note(question_id, text)
        return Changes(notes=True, question_ids=frozenset({question_id}))

    def refresh_notes(self, question_ids: frozenset[int]) -> None:
        """Notes changed behind this service (a sync took another device's edits): the
        search index finds their new words."""
        self.notes_version += 1
        if self._index is None:
            return
        with self._store.reading() as db:
            notes = repository.notes(db)
        for qid in question_ids:
            self._index.set_note(qid, notes.get(qid, ""))

    def history_all(self) -> list[Review]:
        """Every review in the log, oldest first."""
        with self._store.reading() as db:
            return repository.reviews_for(db)

    def history(self, question_id: int) -> list[Review]:
        with self._store.reading() as db:
            return repository.reviews_for(db, question_id)

    def latest_history(self, question_id: int, limit: int) -> tuple[list[Review], int]:
        """The newest `limit` reviews (oldest first) and how many there are in all: what the
        reading pane shows, read in a millisecond where the whole history can take 40."""
        with self._store.reading() as db:
            return (
                repository.latest_reviews_for(db, question_id, limit),
                repository.review_count_for(db, question_id),
            )
