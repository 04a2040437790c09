"""Questions, topics, search and the user's stars and notes."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.content.search import SearchIndex
from studyapp.domain import Changes, Question, Review, Topic
from studyapp.storage import repository


class LibraryService:
    def __init__(self, library: Library, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.library = library
        self._sessions = sessions
        self._clock = clock
        with sessions() as session:
            notes = repository.notes(session)
        self._index = SearchIndex(library.questions, notes)
        self._by_id = {q.id: q for q in library.questions}

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
        found = (self._by_id[qid] for qid in self._index.search(query))
        return [q for q in found if not topic_ids or q.topic in topic_ids]

    def starred(self) -> set[int]:
        with self._sessions() as session:
            return repository.starred_ids(session)

    def set_starred(self, question_id: int, starred: bool) -> Changes:
        with self._sessions.begin() as session:
            repository.set_starred(session, question_id, starred, self._clock.now())
        return Changes(stars=True, question_ids=frozenset({question_id}))

    def note(self, question_id: int) -> str:
        with self._sessions() as session:
            return repository.notes(session).get(question_id, "")

    def set_note(self, question_id: int, text: str) -> Changes:
        with self._sessions.begin() as session:
            repository.set_note(session, question_id, text, self._clock.now())
        self._index.set_note(question_id, text)
        return Changes(notes=True, question_ids=frozenset({question_id}))

    def history(self, question_id: int) -> list[Review]:
        with self._sessions() as session:
            return repository.reviews_for(session, question_id)
