from pathlib import Path
import studyapp.grading.matcher as M
from studyapp.content.loader import load_library
from studyapp.paths import content_dir
from studyapp.grading.checker import Checker
from studyapp.grading.evaluate import load_corpus, authored, evaluate
lib = load_library(content_dir())
qs = authored(lib.questions)
items = [i for i in load_corpus(Path("tests/fixtures/grading")) if i.question in qs]
print(len(items), "items", len(qs), "questions")
import sys
for cap in [None, 40, 30, 25, 20, 15]:
    M.MAX_SPAN = cap
    ch = Checker.for_questions(lib.questions)
    s = evaluate(ch, qs, items)
    print(cap, s.summary()[:200])
