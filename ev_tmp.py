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
if "-d" in sys.argv:
    for it in items:
        q = qs.get(it.question)
        if not q: continue
        g = ch.grade(q, it.answer)
        if set(g.covered) != it.covered or {m.index for m in g.misconceptions} != it.misconceptions:
            print("==", it.source, it.kind, "label", sorted(it.covered), "got", g.covered)
            for p in g.points:
                if p.covered != (p.index in it.covered):
                    print("  point", p.index, q.key_points[p.index], "| rule", p.rule, "|", [it.answer[s.start:s.end] for s in p.evidence])
                    if not p.covered: print("    rules:", q.rules_for(p.index))
            for m in g.misconceptions:
                if m.index not in it.misconceptions: print("  MIS", m.claim, [it.answer[s.start:s.end] for s in m.evidence], q.misconceptions[m.index].match)
            for m in it.misconceptions - {m.index for m in g.misconceptions}: print("  MISSED MIS", q.misconceptions[m].claim, q.misconceptions[m].match)
