"""The learner's own questions: add, edit, delete and import, each returning `Changes`.

Own questions are a second source merged into the one `Library` every screen reads
(content.own_source): after each write the service hands the merged library to `publish`
(the composition root points it at `AppServices.use_library`), and the `Changes` it returns
carries `content=True` and the question ids, for the event bus like every other write.

Files go to the data folder (storage.own_files); review history stays in the database under
the question's id, so deleting a question keeps it unless `forget_history` is asked for too,
and the id is never handed out again. Imported Anki history is replayed into FSRS by the
scheduler's `replay`, the one function `--rebuild-state` uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath

from studyapp.clock import Clock
from studyapp.content.loader import KEY_POINTS_RANGE, ContentError, Library, parse_question_text
from studyapp.content.own_source import (
    DEFAULT_TOPIC,
    load_own_library,
    merge_libraries,
    slug,
    split_answer,
)
from studyapp.domain import (
    OWN_ID_START,
    Changes,
    FollowUp,
    NewReview,
    Question,
    Review,
    ReviewMode,
    Topic,
    is_own_question,
)
from studyapp.interchange.drafts import DraftQuestion, DraftSet, ImportFileError, normal_title
from studyapp.interchange.question_file import question_markdown
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.storage import repository
from studyapp.storage.database import Store
from studyapp.storage.own_files import OwnFiles, OwnFilesError, StagedQuestion

MEDIA_PREFIX = "media/"
_SECTION_HEAD = re.compile(r"^##(?=[ \t])", re.M)
_FIGURE_REF = re.compile(r"(!\[[^\]]*\]\()(?:figures|media)/([^)\s]+)\)")


class OwnQuestionError(ValueError):
    """A change that cannot be made (bad fields, not an own question, folder not writable),
    with a message for the learner; nothing was changed."""


@dataclass(frozen=True)
class OwnQuestionFields:
    """What the learner writes in the editor (or an import supplies)."""

    title: str
    short_answer: str = ""
    detailed_answer: str = ""
    key_points: tuple[str, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    topic: str = DEFAULT_TOPIC.id  # a topic id: built-in, own, or made by `add_topic`
    difficulty: int = 2  # 1 Basic, 2 Intermediate, 3 Advanced
    tags: tuple[str, ...] = ()
    common_mistakes: str = ""
    related: tuple[int, ...] = ()

    @classmethod
    def of(cls, question: Question) -> OwnQuestionFields:
        """The fields of a question as it stands (what the editor opens with)."""
        return cls(
            title=question.title,
            short_answer=question.short_answer,
            detailed_answer=question.detailed_answer,
            key_points=question.key_points,
            follow_ups=question.follow_ups,
            topic=question.topic,
            difficulty=question.difficulty,
            tags=question.tags,
            common_mistakes=question.common_mistakes,
            related=question.related,
        )


@dataclass(frozen=True)
class ImportItem:
    """One entry of the preview: what will be added, and why it may be left out."""

    index: int  # position in the DraftSet
    draft: DraftQuestion
    duplicate: bool  # the question is already there (built-in, own, or earlier in the file)
    topic_name: str  # the topic it will be filed under (existing or new)

    @property
    def needs_answer(self) -> bool:
        return self.draft.needs_answer


@dataclass(frozen=True)
class ImportPreview:
    drafts: DraftSet
    items: tuple[ImportItem, ...]
    new_topics: tuple[str, ...]  # names of the topics the import would create

    @property
    def default_choice(self) -> tuple[int, ...]:
        """Everything that is not a duplicate: what the preview ticks at first."""
        return tuple(item.index for item in self.items if not item.duplicate)

    @property
    def duplicates(self) -> int:
        return sum(1 for item in self.items if item.duplicate)

    @property
    def reviews(self) -> int:
        """How many reviews of another tool's history the file carries."""
        return sum(len(item.draft.reviews) for item in self.items)


@dataclass(frozen=True)
class ImportResult:
    added: tuple[Question, ...]
    skipped: int  # entries of the file not added (duplicates or unticked)
    reviews: int  # reviews of imported history replayed
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> dict[str, object]:
        """What `--import` prints."""
        return {
            "added": len(self.added),
            "skipped": self.skipped,
            "questions": [q.title for q in self.added],
        }


class OwnQuestionService:
    def __init__(
        self,
        data_dir: Path,
        builtin: Library,
        store: Store,
        scheduler: SpacedScheduler,
        clock: Clock,
        publish: Callable[[Library], None] | None = None,
        own: Library | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.builtin = builtin
        self._store = store
        self._scheduler = scheduler
        self._clock = clock
        self._publish = publish
        self.files = OwnFiles(data_dir)
        self.own = own if own is not None else load_own_library(data_dir, builtin.topics)

    # --- reading --------------------------------------------------------------------------
    @property
    def library(self) -> Library:
        """Built-in and own questions together: what every screen shows."""
        return merge_libraries(self.builtin, self.own)

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.builtin.topics + self.own.topics

    def question(self, question_id: int) -> Question | None:
        return self.own.question(question_id) if is_own_question(question_id) else None

    def add_topic(self, name: str, description: str = "", publish: bool = True) -> Topic:
        """The topic called `name`: an existing one (by name or id, any case), else a new
        own topic, saved in the data folder at once."""
        clean = " ".join(name.split())
        if not clean:
            raise OwnQuestionError("a topic needs a name")
        found = self._find_topic(clean)
        if found is not None:
            return found
        topic = self._new_topic(clean, description, self.topics)
        self._save_topics([*self.own.topics, topic])
        self.own = replace(self.own, topics=(*self.own.topics, topic))
        if publish:
            self.publish()
        return topic

    # --- one question ---------------------------------------------------------------------
    def add(self, fields: OwnQuestionFields) -> tuple[Question, Changes]:
        """Save a new own question under a fresh id."""
        return self.add_question(self._question(0, fields))

    def edit(self, question_id: int, fields: OwnQuestionFields) -> tuple[Question, Changes]:
        """Rewrite an own question from plain fields; its id, and so its history, stay.
        (What the fields do not hold, such as checker rules, is not kept: the editor's
        `apply_form` + `save_question` keeps it.)"""
        return self.save_question(self._question(question_id, fields))

    def add_question(self, question: Question, publish: bool = True) -> tuple[Question, Changes]:
        """Save `question` as a new own question; its `id` is ignored and a fresh one given.
        Returns the question as stored (id, source_path) and the Changes to publish."""
        checked = self._validated(replace(question, id=0))  # checked before an id is used
        self._ensure_topic(checked.topic, publish)
        (qid,) = self._allocate(1)
        stored = self._write(replace(checked, id=qid))
        return stored, self._changed({qid}, publish)

    def save_question(self, question: Question) -> tuple[Question, Changes]:
        """Rewrite the own question with `question.id`; id and history stay."""
        if self.own.question(question.id) is None:
            raise OwnQuestionError(f"question {question.id} is not one of your own questions")
        checked = self._validated(question)
        self._ensure_topic(checked.topic)
        stored = self._write(checked)
        return stored, self._changed({question.id})

    def delete(self, question_id: int, forget_history: bool = False) -> Changes:
        """Remove an own question's file. Its review history, schedule, star and note stay in
        the database (and its id stays used) unless `forget_history` is True."""
        if self.own.question(question_id) is None:
            raise OwnQuestionError(f"question {question_id} is not one of your own questions")
        try:
            self.files.delete(question_id)
        except OSError as error:
            raise OwnQuestionError(f"could not delete the question: {error}") from error
        remaining = tuple(q for q in self.own.questions if q.id != question_id)
        self.own = replace(self.own, questions=remaining)
        changes = self._changed({question_id})
        if forget_history:
            changes = changes | self.forget_history(question_id)
        return changes

    def forget_history(self, question_id: int) -> Changes:
        """Delete the stored history of a question that is no longer there: the separate,
        explicit second step after `delete`."""
        if not is_own_question(question_id) or self.own.question(question_id) is not None:
            raise OwnQuestionError("only a deleted own question's history can be deleted")
        with self._store.writing() as session:
            repository.forget_question(session, question_id)
        ids = frozenset({question_id})
        return Changes(reviews=True, notes=True, stars=True, question_ids=ids)

    def save_media(self, name: str, data: bytes) -> str:
        """Keep a pasted or dropped picture in the data folder; returns the reference to put
        in the markdown (`media/<name>`)."""
        try:
            return MEDIA_PREFIX + self.files.save_media(name, data)
        except OSError as error:
            raise OwnQuestionError(f"could not save the picture: {error}") from error

    # --- sync ---------------------------------------------------------------------------
    # Another device's questions come in through these, so the data folder keeps one writer.
    # None publishes the library: sync runs off the UI thread and `publish()` follows on it.
    def file_text(self, question_id: int) -> str:
        """The question's file as stored ("" when there is none): what sync sends. Read
        from where the library found it (a search of the folder per question made sending
        5,000 questions take 37 s)."""
        known = self.own.question(question_id)
        if known is not None and known.source_path:
            try:
                return Path(known.source_path).read_text(encoding="utf-8")
            except OSError:
                pass  # moved meanwhile: look for it
        for path in self.files.files_of(question_id):
            return path.read_text(encoding="utf-8")
        return ""

    def take_synced(self, question_id: int, text: str, media: dict[str, bytes]) -> str:
        """Store, under its own id, a question another device saved (`text`, its file) with
        the pictures it shows; returns the file as now stored here. OwnQuestionError for a
        file that does not read as that question, nothing written."""
        text = self._with_media(text, media)
        question = self._parsed_synced(question_id, text)
        self._ensure_topic(question.topic, publish=False)
        try:
            self.files.remember_ids([question_id])
        except OSError as error:
            raise OwnQuestionError(f"could not save the question: {error}") from error
        self._write(question)
        return self.file_text(question_id)

    def add_conflict_copy(self, text: str, device_name: str, media: dict[str, bytes]) -> int:
        """Keep the losing side of an edit made on two computers as a question of its own,
        titled "… (conflict copy from <device>)", so the learner sees both; its new id."""
        head = re.search(r"^id:\s*(\d+)", text, re.M)
        if head is None:
            raise OwnQuestionError("the conflicting version has no id")
        question = self._parsed_synced(int(head.group(1)), self._with_media(text, media))
        title = f"{question.title} (conflict copy from {device_name or 'another computer'})"
        stored, _ = self.add_question(replace(question, title=title), publish=False)
        return stored.id

    def remove_synced(self, question_id: int) -> bool:
        """Another device deleted the question: its file goes, its history stays (as a
        delete here keeps it). False when it was not here."""
        if self.own.question(question_id) is None:
            return False
        try:
            self.files.delete(question_id)
        except OSError as error:
            raise OwnQuestionError(f"could not delete the question: {error}") from error
        remaining = tuple(q for q in self.own.questions if q.id != question_id)
        self.own = replace(self.own, questions=remaining)
        return True

    def _with_media(self, text: str, media: dict[str, bytes]) -> str:
        for name, data in media.items():
            if f"{MEDIA_PREFIX}{name}" not in text:
                continue
            try:
                chosen = self.files.save_media(name, data)
            except OSError as error:
                raise OwnQuestionError(f"could not save the picture: {error}") from error
            if chosen != name:  # another picture here has that name
                text = text.replace(f"{MEDIA_PREFIX}{name})", f"{MEDIA_PREFIX}{chosen})")
        return text

    def _parsed_synced(self, question_id: int, text: str) -> Question:
        named = re.search(r"^topic:\s*['\"]?([\w-]+)", text, re.M)
        topic_ids = {t.id for t in self.topics} | {DEFAULT_TOPIC.id}
        extra = {named.group(1)} if named else set()
        try:
            question, _ = parse_question_text(
                text, f"synced question {question_id}", topic_ids | extra, None, True
            )
        except ContentError as error:
            raise OwnQuestionError(error.problem.message) from error
        if question.id != question_id:
            raise OwnQuestionError(f"the synced file is question {question.id}, not {question_id}")
        if question.topic not in topic_ids:  # an own topic of the other computer's
            question = replace(question, topic=DEFAULT_TOPIC.id)
        return replace(question, source_path="")

    # --- import ---------------------------------------------------------------------------
    def preview_import(self, drafts: DraftSet) -> ImportPreview:
        """What importing `drafts` would add: duplicates of a question already there (built-in
        or own, compared by normalised question text) or earlier in the file are flagged."""
        known = {normal_title(q.title) for q in self.library.questions}
        items: list[ImportItem] = []
        new_topics: dict[str, str] = {}
        for index, draft in enumerate(drafts.questions):
            key = normal_title(draft.title)
            duplicate = key in known
            known.add(key)
            name = self._topic_name_for(draft.topic)
            if self._find_topic(name) is None:
                new_topics.setdefault(name.lower(), name)
            items.append(ImportItem(index, draft, duplicate, name))
        return ImportPreview(drafts, tuple(items), tuple(new_topics.values()))

    def import_drafts(
        self,
        preview: ImportPreview,
        chosen: Iterable[int] | None = None,
        with_history: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        publish: bool = True,
    ) -> ImportResult:
        """Add the chosen entries of a preview (by default every one not a duplicate), all or
        none: files are staged and moved in together, history goes in one transaction, and
        any failure takes the files back out. Raises OwnQuestionError (nothing written) or
        InterruptedError when `cancelled()` turned True (nothing written).

        Run off the UI thread, pass `publish=False` and call `publish()` back on it, so the
        library every screen reads changes between two events, never during one."""
        picked = set(preview.default_choice if chosen is None else chosen)
        items = [item for item in preview.items if item.index in picked]
        if not items:
            return ImportResult((), len(preview.items), 0)
        topics = list(self.own.topics)
        resolved: dict[str, str] = {}
        for item in items:
            if item.topic_name.lower() not in resolved:
                topic = self._find_topic(item.topic_name, topics)
                if topic is None:
                    topic = self._new_topic(
                        item.topic_name, "", self.builtin.topics + tuple(topics)
                    )
                    topics.append(topic)
                resolved[item.topic_name.lower()] = topic.id
        ids = self._allocate(len(items))
        staged = [
            self._staged(qid, item.draft, resolved[item.topic_name.lower()], preview.drafts.media)
            for qid, item in zip(ids, items, strict=True)
        ]
        if len(topics) != len(self.own.topics):
            self._save_topics(topics)
        try:
            paths = self.files.write_all(staged, progress, cancelled)
        except OwnFilesError as error:
            raise OwnQuestionError(f"nothing was imported: {error}") from error
        added = tuple(
            replace(s.question, source_path=str(path))
            for s, path in zip(staged, paths, strict=True)
        )
        reviews = 0
        if with_history:
            try:
                reviews = self._replay_history(ids, items)
            except Exception:
                self.files.remove_import(paths)  # the history failed: the files go too
                raise
        self.own = replace(
            self.own,
            topics=tuple(topics),
            questions=tuple(sorted(self.own.questions + added, key=lambda q: q.id)),
        )
        changes = self._changed(set(ids), publish)
        if reviews:
            changes = changes | Changes(reviews=True)
        return ImportResult(added, len(preview.items) - len(added), reviews, changes)

    def import_file(self, path: Path, with_history: bool = False) -> ImportResult:
        """Read `path` and import everything in it that is not a duplicate (what `--import`
        does). Raises ImportFileError for a file that cannot be read, nothing written."""
        from studyapp.interchange.reader import read_import

        drafts = read_import(path, with_history)
        return self.import_drafts(self.preview_import(drafts), with_history=with_history)

    # --- inside -------------------------------------------------------------------------
    def _question(self, qid: int, fields: OwnQuestionFields) -> Question:
        points = tuple(p.strip() for p in fields.key_points if p.strip())
        return Question(
            id=qid,
            title=" ".join(fields.title.split()),
            topic=fields.topic,
            difficulty=fields.difficulty if fields.difficulty in (1, 2, 3) else 2,
            tags=tuple(dict.fromkeys(t.strip() for t in fields.tags if t.strip())),
            related=tuple(r for r in fields.related if r != qid),
            key_points=points,
            follow_ups=tuple(f for f in fields.follow_ups if f.question.strip()),
            short_answer=fields.short_answer.strip(),
            detailed_answer=fields.detailed_answer.strip(),
            common_mistakes=fields.common_mistakes.strip(),
            source_path="",
        )

    def _validated(self, question: Question) -> Question:
        """The question as its file will read back: the loader's own checks, in memory. A
        question with no answer is one with the answer still to write."""
        question = replace(
            question,
            title=" ".join(question.title.split()),
            needs_answer=not (question.short_answer.strip() or question.detailed_answer.strip()),
        )
        if not question.title:
            raise OwnQuestionError("a question needs its question text")
        if len(question.key_points) > KEY_POINTS_RANGE[1]:
            raise OwnQuestionError(f"at most {KEY_POINTS_RANGE[1]} key points")
        probe = replace(question, id=question.id or OWN_ID_START)
        topic_ids = {t.id for t in self.topics} | {DEFAULT_TOPIC.id}
        try:
            parsed, _ = parse_question_text(
                question_markdown(probe), "editor", topic_ids, None, True
            )
        except ContentError as error:
            raise OwnQuestionError(error.problem.message) from error
        return replace(parsed, id=question.id, source_path="")

    def _write(self, question: Question) -> Question:
        try:
            path = self.files.write(question)
        except OSError as error:
            raise OwnQuestionError(f"could not save the question: {error}") from error
        stored = replace(question, source_path=str(path))
        others = tuple(q for q in self.own.questions if q.id != question.id)
        self.own = replace(self.own, questions=tuple(sorted((*others, stored), key=lambda q: q.id)))
        return stored

    def _allocate(self, count: int) -> list[int]:
        with self._store.reading() as db:
            in_use = repository.stored_question_ids(db) | {q.id for q in self.own.questions}
        try:
            return self.files.allocate_ids(count, in_use)
        except OSError as error:
            raise OwnQuestionError(f"could not save to {self.data_dir}: {error}") from error

    def _staged(
        self, qid: int, draft: DraftQuestion, topic: str, media: dict[str, bytes]
    ) -> StagedQuestion:
        pictures = {name: media[name] for name in draft.media if name in media}
        names = {name: self.files.media_name(name, data) for name, data in pictures.items()}
        question = self._from_document(draft) if draft.document else None
        if question is None:
            short, detailed = split_answer(draft.answer)
            question = Question(
                id=qid,
                title=" ".join(draft.title.split()),
                topic=topic,
                difficulty=2,
                tags=tuple(dict.fromkeys(t.strip() for t in draft.tags if t.strip())),
                related=(),
                key_points=tuple(p.strip() for p in draft.key_points if p.strip())[:10],
                follow_ups=(),
                short_answer=short,
                detailed_answer=detailed,
                common_mistakes="",
                source_path="",
                needs_answer=draft.needs_answer,
            )
        question = replace(
            question,
            id=qid,
            topic=topic,
            related=(),
            short_answer=_imported_text(question.short_answer, names),
            detailed_answer=_imported_text(question.detailed_answer, names),
            common_mistakes=_imported_text(question.common_mistakes, names),
        )
        return StagedQuestion(question, {names[n]: data for n, data in pictures.items()})

    @staticmethod
    def _from_document(draft: DraftQuestion) -> Question | None:
        """A pack's question file as written (rules, follow-ups, phrasings kept)."""
        head = re.search(r"^id:\s*(\d+)", draft.document, re.M)
        own = bool(head) and int(head.group(1)) >= OWN_ID_START if head else False
        topic = re.search(r"^topic:\s*['\"]?([\w-]+)", draft.document, re.M)
        try:
            question, _ = parse_question_text(
                draft.document, draft.source, {topic.group(1)} if topic else set(), None, own
            )
        except ContentError:
            return None
        return question

    def _replay_history(self, ids: list[int], items: list[ImportItem]) -> int:
        """The drafts' review history into the log in one statement, then each card's state
        from the scheduler's `replay`: the function `--rebuild-state` uses, so a rebuild later
        gives exactly these states."""
        given: list[tuple[NewReview, datetime]] = []
        for qid, item in zip(ids, items, strict=True):
            for old in sorted(item.draft.reviews, key=lambda r: r.when):
                new = NewReview(qid, old.rating, old.duration_ms, ReviewMode.NORMAL)
                given.append((new, old.when))
        if not given:
            return 0
        with self._store.writing() as session:
            stored = repository.add_imported_reviews(session, given)
            by_question: dict[int, list[Review]] = {}
            for made in stored:
                by_question.setdefault(made.question_id, []).append(made)
            for qid, history in by_question.items():
                repository.save_card(session, self._scheduler.replay(qid, history))
        return len(stored)

    def _find_topic(self, name: str, own: Iterable[Topic] | None = None) -> Topic | None:
        wanted = name.strip().lower()
        pool = self.builtin.topics + tuple(self.own.topics if own is None else own)
        return next((t for t in pool if t.id.lower() == wanted or t.name.lower() == wanted), None)

    def _topic_name_for(self, text: str) -> str:
        clean = " ".join(text.split()).strip()
        if not clean:
            return DEFAULT_TOPIC.name
        found = self._find_topic(clean)
        return found.name if found else clean

    def _ensure_topic(self, topic_id: str, publish: bool = True) -> None:
        """The default topic is made the first time a question is filed under it."""
        if topic_id == DEFAULT_TOPIC.id and self._find_topic(topic_id) is None:
            self.add_topic(DEFAULT_TOPIC.name, DEFAULT_TOPIC.description, publish)

    @staticmethod
    def _new_topic(name: str, description: str, taken: tuple[Topic, ...]) -> Topic:
        if name.lower() == DEFAULT_TOPIC.name.lower():
            base, description = DEFAULT_TOPIC.id, description or DEFAULT_TOPIC.description
        else:
            base = slug(name)
        ids = {t.id for t in taken}
        topic_id, number = base, 2
        while topic_id in ids:
            topic_id, number = f"{base}-{number}", number + 1
        return Topic(topic_id, name, description, len(taken))

    def _save_topics(self, topics: list[Topic]) -> None:
        try:
            self.files.save_topics(topics)
        except OSError as error:
            raise OwnQuestionError(f"could not save the topics: {error}") from error

    def _changed(self, ids: set[int], publish: bool = True) -> Changes:
        if publish:
            self.publish()
        return Changes(content=True, question_ids=frozenset(ids))

    def publish(self) -> None:
        """Hand the merged library to every service (done by each write unless told not)."""
        if self._publish is not None:
            self._publish(self.library)


def _imported_text(text: str, names: dict[str, str]) -> str:
    """An imported answer as an own question's file keeps it: image references pointed at
    the pictures as stored in media/ (a pack's `figures/x.svg`, or a picture renamed because
    its name was taken), and a `## ` heading one level down (it would start a new section of
    the file when read back)."""

    def point(match: re.Match[str]) -> str:
        base = PurePosixPath(match.group(2)).name
        return f"{match.group(1)}{MEDIA_PREFIX}{names.get(base, base)})"

    if names or "figures/" in text:
        text = _FIGURE_REF.sub(point, text)
    return _SECTION_HEAD.sub("###", text) if "##" in text else text


__all__ = [
    "ImportFileError",
    "ImportItem",
    "ImportPreview",
    "ImportResult",
    "OwnQuestionError",
    "OwnQuestionFields",
    "OwnQuestionService",
]
