"""DeepStudy packs: a zip of question files in the format of `content/questions/` with the
figures they show (`figures/*.svg`), as `Export > DeepStudy pack` writes them. Each file is
checked by the same loader as the built-in content; a file that fails is reported, not taken."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from studyapp.content.loader import ContentError, parse_question_text
from studyapp.content.local_images import IMAGE_SUFFIXES
from studyapp.domain import OWN_ID_START
from studyapp.interchange.drafts import DraftQuestion, DraftSet, ImportFileError
from studyapp.interchange.safe_zip import SafeZip
from studyapp.interchange.text_file import decode

MAX_QUESTION_FILE = 2 * 2**20
MAX_FIGURE = 5 * 2**20
_ID = re.compile(r"^id:\s*(\d+)\s*$", re.M)
_TOPIC = re.compile(r"^topic:\s*['\"]?([\w-]+)", re.M)


def read_pack(path: Path) -> DraftSet:
    with SafeZip(path) as archive:
        names = archive.names()
        documents = [n for n in names if n.endswith(".md") and not n.startswith("__MACOSX")]
        if not documents:
            raise ImportFileError(f"{path.name} holds no question files (.md)")
        figures = {PurePosixPath(n).name: n for n in names if n.lower().endswith(IMAGE_SUFFIXES)}
        questions: list[DraftQuestion] = []
        media: dict[str, bytes] = {}
        problems: list[str] = []
        for name in documents:
            text = decode(archive.read(name, MAX_QUESTION_FILE), name)
            topic = _TOPIC.search(text)
            declared = _ID.search(text)  # a pack of own questions carries own-range ids
            own = declared is not None and int(declared.group(1)) >= OWN_ID_START
            try:
                question, _ = parse_question_text(
                    text, name, {topic.group(1)} if topic else set(), None, own
                )
            except ContentError as error:
                problems.append(str(error.problem))
                continue
            missing = [f for f in question.figures if PurePosixPath(f).name not in figures]
            if missing:
                problems.append(f"{name}: figure not in the pack: {missing[0]}")
                continue
            for figure in question.figures:
                base = PurePosixPath(figure).name
                media[base] = archive.read(figures[base], MAX_FIGURE)
            answer = "\n\n".join(
                part for part in (question.short_answer, question.detailed_answer) if part
            )
            questions.append(
                DraftQuestion(
                    title=question.title,
                    answer=answer,
                    key_points=question.key_points,
                    topic=question.topic,
                    tags=question.tags,
                    source=name,
                    media=tuple(PurePosixPath(f).name for f in question.figures),
                    document=text,
                )
            )
    return DraftSet(tuple(questions), media, tuple(problems))
