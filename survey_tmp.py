from studyapp.content.loader import load_library
from studyapp.paths import content_dir
from studyapp.grading.rules import parse_rule
from studyapp.grading.derive import STOPWORDS
lib = load_library(content_dir())
for q in lib.questions:
    if not any(q.key_point_rules): continue
    labelled = [(f"kp{i}", r) for i, rs in enumerate(q.key_point_rules) for r in rs] + [(f"mis{i}", r) for i, m in enumerate(q.misconceptions) for r in m.match]
    for where, r in labelled:
        rule = parse_rule(r)
        issues = []
        if len(rule.groups) == 1 and any(len(a) == 1 for a in rule.groups[0]):
            issues.append("one group with single words: " + ",".join(" ".join(a) for a in rule.groups[0] if len(a)==1))
        for g in rule.groups:
            short = [" ".join(a) for a in g if len(a)==1 and a[0].endswith("*") and len(a[0]) <= 4]
            if short: issues.append("short prefix " + ",".join(short))
            common = [" ".join(a) for a in g if len(a)==1 and a[0] in STOPWORDS]
            if common: issues.append("function-word alternative " + ",".join(common))
        if issues: print(f"Q{q.id} {where}: {r!r}\n    " + "; ".join(issues))
