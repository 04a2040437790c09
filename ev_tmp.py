import sys
from pathlib import Path
from studyapp.content.loader import load_library
from studyapp.paths import content_dir
from studyapp.grading.checker import Checker
from studyapp.grading.evaluate import load_corpus, evaluate, authored
lib = load_library(content_dir())
print("problems", len(lib.problems))
ch = Checker.for_questions(lib.questions)
items = load_corpus(Path("tests/fixtures/grading"))
qs = authored(lib.questions)
print(len(items), "items;", "authored", sorted(qs))
s = evaluate(ch, qs, items)
print(s.summary())
if "-v" in sys.argv:
    for m in s.mistakes: print(m)
