"""The answer checker on small hand-written answers, one capability at a time: what a learner
would notice is which points get ticked, where the evidence is, and the rating suggested."""

from __future__ import annotations

import pytest

from studyapp.domain import Misconception, Question, Rating
from studyapp.grading.checker import Checker, Grade
from studyapp.grading.lexicon import LexiconError, parse_lexicon, shipped_lexicon
from studyapp.grading.rating import suggest_rating
from studyapp.grading.rules import RuleSyntaxError, parse_rule

DROPOUT = Question(
    id=7,
    title="What does dropout do?",
    topic="basics",
    difficulty=1,
    tags=(),
    related=(),
    key_points=(
        "Dropout randomly zeroes units during training",
        "Dropout is switched off at inference, so the full network is used",
        "Inverted dropout rescales kept activations by 1/(1-p) during training",
        "Backpropagation only updates the weights of the units that were kept",
        "It does not need a separate validation set",
    ),
    follow_ups=(),
    short_answer="",
    detailed_answer="Dropout is a regulariser. A simple sample of units is dropped.",
    common_mistakes="",
    source_path="dropout.md",
    key_point_rules=(
        ("dropout|it + random* + zero*|drop*|switch* off|remov* + unit*|neuron*|activation*",),
        (
            "dropout|it + off|disabled|not used|not applied|turned off + test*|inference|predict*",
            "full network|all units|every neuron + test*|inference|predict*",
        ),
        ("rescal*|scal*|divid*|multipl* + 1/(1-p)|keep prob*",),
        ("backprop + updat*|chang* + weight*|parameter* + kept|surviv*|active",),
        ("does not need|no need|unnecessary|not required + validation set",),
    ),
    misconceptions=(
        Misconception(
            "Dropout stays active at test time",
            "At test time dropout is off; inverted dropout already rescaled in training.",
            ("dropout + test*|inference|predict* + applied|active|still|kept|used|on",),
        ),
    ),
)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.for_questions([DROPOUT])


def covered(checker: Checker, answer: str, question: Question = DROPOUT) -> tuple[int, ...]:
    return checker.grade(question, answer).covered


def evidence(grade: Grade, answer: str, point: int) -> list[str]:
    return [answer[span.start : span.end] for span in grade.points[point].evidence]


def test_a_stated_point_is_ticked_with_the_words_that_state_it(checker: Checker) -> None:
    answer = "First some context. During training dropout randomly zeroes neurons in each layer."
    grade = checker.grade(DROPOUT, answer)
    assert grade.covered == (0,)
    assert evidence(grade, answer, 0) == ["dropout randomly zeroes neurons"]
    assert grade.points[0].rule is not None and grade.points[0].rule.startswith("dropout|it")


def test_inflections_match_through_the_snowball_stem(checker: Checker) -> None:
    # "zeroing", "neuron", "rescaling", "updates" in other forms than the rules have them
    assert covered(checker, "It is randomly zeroing a neuron here and there.") == (0,)
    assert covered(checker, "Backprop updated only the surviving weights.") == (3,)


def test_abbreviations_and_synonyms_come_from_the_shared_lexicon(checker: Checker) -> None:
    # the rule says "backprop"; learners write it several ways
    for way in ("backpropagation", "back-propagation", "back prop", "the backward pass"):
        answer = f"In {way} only the weights of kept units get updated."
        assert covered(checker, answer) == (3,), way
    question = _question(("cross entropy + loss + classif*",))
    assert covered(checker, "The CE cost is what we use for classification.", question) == (0,)
    assert covered(checker, "For classifying we minimise the xent objective.", question) == (0,)


def test_british_spellings_meet_american_ones(checker: Checker) -> None:
    question = _question(("regulariz* + weight* + shrink*",))
    assert covered(checker, "Regularisation shrinks the weights.", question) == (0,)
    question = _question(("batch normalization + stabiliz*",))
    assert covered(checker, "Batch normalisation stabilises training.", question) == (0,)


def test_small_typos_in_long_words_still_count(checker: Checker) -> None:
    assert covered(checker, "Dropout randomly zeroes nuerons while training.") == (0,)
    assert covered(checker, "The net rescales by 1/(1-p) during trainig.") == (2,)
    question = _question(("gradient + vanish*|shrink*",))
    assert covered(checker, "The gradeints vanish in deep nets.", question) == (0,)
    assert covered(checker, "The gradients vanihs in deep nets.", question) == (0,)


def test_a_typo_never_turns_one_real_word_into_another(checker: Checker) -> None:
    # "sample" is one edit from "simple", but it is a word the content uses: no typo.
    question = _question(("simple + model + baseline",))
    assert covered(checker, "A simple model is a baseline.", question) == (0,)
    assert covered(checker, "A sample model is a baseline.", question) == ()
    # short words get no tolerance at all
    question = _question(("lower + loss",))
    assert covered(checker, "a lover loss", question) == ()


def test_ascii_formulas_are_read_as_their_words(checker: Checker) -> None:
    answer = "At train time each kept activation is multiplied by 1/(1 - p)."
    assert covered(checker, answer) == (2,)
    question = _question(("relu(W x + b)",), ("dl/dw + chain rule",))
    assert covered(checker, "a = relu(W*x + b) for each layer", question) == (0,)
    assert covered(checker, "Compute dL/dW with the chain rule.", question) == (1,)


def test_every_group_must_be_in_one_sentence(checker: Checker) -> None:
    assert covered(checker, "Dropout is random. It zeroes units.") == ()
    assert covered(checker, "Dropout is random; it zeroes units.") == ()
    assert covered(checker, "Dropout randomly zeroes units.") == (0,)


def test_a_negated_statement_does_not_cover_the_point(checker: Checker) -> None:
    assert covered(checker, "Dropout does not randomly zero units.") == ()
    assert covered(checker, "Dropout doesn't randomly zero units.") == ()
    assert covered(checker, "I never said dropout randomly zeroes units.") == ()
    # the negation of one clause leaves the next one alone
    answer = "Dropout is not a cure-all, but it randomly zeroes units."
    assert covered(checker, answer) == (0,)
    # "not only" does not negate
    assert covered(checker, "Dropout not only randomly zeroes units but also helps.") == (0,)


def test_a_negation_inside_the_matched_alternative_states_the_point(checker: Checker) -> None:
    answer = "At inference, dropout is not applied."
    grade = checker.grade(DROPOUT, answer)
    assert grade.covered == (1,) and grade.misconceptions == ()
    assert covered(checker, "It does not need a validation set.") == (4,)
    assert covered(checker, "There is no need for a validation set.") == (4,)


def test_keyword_salad_gets_no_tick(checker: Checker) -> None:
    salad = (
        "Dropout, random, zero, neurons, inference, test time, full network, rescale, "
        "1/(1-p), backprop, weights, kept, validation set."
    )
    grade = checker.grade(DROPOUT, salad)
    assert grade.covered == () and grade.rating == Rating.AGAIN
    assert covered(checker, "dropout random zero") == ()


def test_a_stated_misconception_is_reported_and_lowers_the_rating(checker: Checker) -> None:
    right = (
        "Dropout randomly zeroes units while training. The full network is used at inference. "
        "Kept activations are rescaled by 1/(1-p). Backprop only updates the kept weights."
    )
    assert checker.grade(DROPOUT, right).rating == Rating.GOOD  # 4 of 5
    wrong = right + " And dropout is still active at test time."
    grade = checker.grade(DROPOUT, wrong)
    assert [m.claim for m in grade.misconceptions] == ["Dropout stays active at test time"]
    found = grade.misconceptions[0].evidence[0]
    assert wrong[found.start : found.end] == "dropout is still active at test"
    assert grade.covered == (0, 1, 2, 3) and grade.rating == Rating.HARD
    # the wrong sentence earns nothing, even where it names a point's words
    grade = checker.grade(DROPOUT, "Dropout is still used at test time, unlike the full network.")
    assert grade.covered == () and grade.misconceptions


def test_a_denied_misconception_is_not_reported(checker: Checker) -> None:
    assert checker.grade(DROPOUT, "Dropout is not used at test time.").misconceptions == ()
    assert checker.grade(DROPOUT, "At test time dropout isn't applied.").misconceptions == ()


def test_points_without_rules_need_most_of_their_words_in_one_sentence(
    checker: Checker,
) -> None:
    plain = _question(points=("Subtracts the maximum logit for numerical stability",))
    assert covered(checker, "You subtract the max logit so it is numerically stable.", plain) == (
        0,
    )
    assert covered(checker, "logit", plain) == ()  # a bare keyword
    assert covered(checker, "maximum, logit, numerical, stability", plain) == ()  # a list
    assert covered(checker, "The maximum matters. The logit is stable.", plain) == ()
    assert covered(checker, "You never subtract the maximum logit for stability.", plain) == ()


def test_an_empty_answer_covers_nothing(checker: Checker) -> None:
    for answer in ("", "   \n", "so um yes"):
        grade = checker.grade(DROPOUT, answer)
        assert grade.covered == () and grade.misconceptions == ()
        assert grade.rating == Rating.AGAIN


def test_grading_is_deterministic_and_json_ready(checker: Checker) -> None:
    answer = "Dropout randomly zeroes units. At inference it is turned off. It stays on at test."
    first = checker.grade(DROPOUT, answer).as_json()
    again = Checker.for_questions([DROPOUT]).grade(DROPOUT, answer).as_json()
    assert first == again
    assert first["covered"] == [0, 1] and first["rating"] == "hard"
    assert set(first["evidence"]) == {"0", "1"}


@pytest.mark.parametrize(
    ("covered_count", "total", "misconception", "rating"),
    [
        (0, 6, False, Rating.AGAIN),
        (1, 6, False, Rating.AGAIN),
        (2, 6, False, Rating.HARD),
        (3, 6, False, Rating.HARD),
        (4, 6, False, Rating.GOOD),
        (5, 6, False, Rating.GOOD),
        (6, 6, False, Rating.EASY),
        (3, 4, False, Rating.GOOD),
        (6, 6, True, Rating.GOOD),
        (2, 6, True, Rating.AGAIN),
        (0, 6, True, Rating.AGAIN),
        (0, 0, False, Rating.GOOD),
    ],
)
def test_suggested_rating_follows_the_share_and_a_misconception(
    covered_count: int, total: int, misconception: bool, rating: Rating
) -> None:
    assert suggest_rating(covered_count, total, misconception) == rating


def test_rule_syntax_errors_name_the_problem() -> None:
    assert parse_rule("relu(W x + b) + layer").groups == (
        (("relu(w", "x", "+", "b)"),),
        (("layer",),),
    )
    with pytest.raises(RuleSyntaxError, match="empty alternative"):
        parse_rule("dropout + | off")
    with pytest.raises(RuleSyntaxError, match="lone"):
        parse_rule("dropout + *")
    with pytest.raises(RuleSyntaxError, match="only end"):
        parse_rule("drop*out + test")


def test_the_shipped_lexicon_loads_and_a_bad_one_is_refused() -> None:
    lexicon = shipped_lexicon()
    assert ("bn",) in lexicon.variants and lexicon.variants[("sgd",)] == (
        "stochastic",
        "gradient",
        "descent",
    )
    with pytest.raises(LexiconError, match="listed under"):
        parse_lexicon({"terms": {"loss": ["cost"], "price": ["cost"]}})
    with pytest.raises(LexiconError, match="is itself the term"):
        parse_lexicon({"terms": {"loss": ["cost"], "cost": ["price"]}})
    with pytest.raises(LexiconError, match="terms"):
        parse_lexicon(["loss"])


def _question(*rules: tuple[str, ...], points: tuple[str, ...] = ()) -> Question:
    texts = points or tuple(f"point {i}" for i in range(len(rules)))
    return Question(
        id=99,
        title="t",
        topic="basics",
        difficulty=1,
        tags=(),
        related=(),
        key_points=texts,
        follow_ups=(),
        short_answer="",
        detailed_answer="",
        common_mistakes="",
        source_path="t.md",
        key_point_rules=tuple(rules),
    )


def test_contractions_typed_without_apostrophe_still_negate(checker: Checker) -> None:
    assert covered(checker, "Dropout doesnt randomly zero units.") == ()
    assert covered(checker, "It dont need a validation set.") == (4,)


def test_a_long_run_of_terms_without_commas_is_a_list(checker: Checker) -> None:
    salad = "dropout randomly zero neurons inference full network rescale backprop kept weights"
    assert covered(checker, salad) == ()
    assert covered(checker, "dropout randomly zeroes neurons") == (0,)  # short: a sentence


def test_words_said_far_apart_do_not_make_a_statement(checker: Checker) -> None:
    filler = " ".join(["and then we talked about something else entirely"] * 4)
    assert covered(checker, f"Dropout is random {filler} and it zeroes units.") == ()


def test_compounds_match_open_hyphenated_or_closed(checker: Checker) -> None:
    question = _question(("ensemble + sub-network*",), ("units + co-adapt*",))
    for way in ("sub-networks", "subnetworks", "sub networks"):
        assert covered(checker, f"It trains an ensemble of thinned {way}.", question) == (0,), way
    for way in ("co-adapt", "coadapt", "co adapt"):
        assert covered(checker, f"Units cannot {way} here.", question) == (), way
        assert covered(
            checker, f"Units stop relying on each other, they {way} less.", question
        ) == (1,), way
    # only the last part of a hyphenated prefix is a prefix: `co` alone is not `co*`
    assert covered(checker, "Units compute things and cooperate.", question) == ()


def test_a_prefix_still_finds_the_word_the_lexicon_replaced(checker: Checker) -> None:
    question = _question(("cost* + minimi*",), ("mle|maximum likelihood + fit*",))
    assert covered(checker, "Training minimises the costs.", question) == (0,)
    assert covered(checker, "Training minimises the loss.", question) == (0,)
    assert covered(checker, "We fit it with MLE.", question) == (1,)
    assert covered(checker, "We fit it by max likelihood.", question) == (1,)


def test_a_short_prefix_takes_only_its_own_words_forms(checker: Checker) -> None:
    question = _question(("add* + bias*",), ("sum* + weight*",))
    for way in ("add", "adds", "added", "adding", "addition"):
        assert covered(checker, f"You {way} a bias.", question) == (0,), way
    assert covered(checker, "Additionally, the bias matters.", question) == ()
    assert covered(checker, "The address of the bias.", question) == ()
    assert covered(checker, "The weights are summed.", question) == (1,)
    assert covered(checker, "To summarize, weights matter.", question) == ()


def test_terms_strung_together_with_and_are_a_list(checker: Checker) -> None:
    salad = (
        "dropout and random zero and neurons and inference and full network and "
        "rescale and backprop and kept weights"
    )
    assert covered(checker, salad) == ()
    sentence = "Dropout randomly zeroes neurons and it is turned off at inference."
    assert covered(checker, sentence) == (0, 1)


def test_a_one_group_rule_credits_its_phrases_never_a_single_word(checker: Checker) -> None:
    question = _question(("paged attention|vllm|pagedattention",))
    assert covered(checker, "We serve it with vLLM.", question) == ()
    assert covered(checker, "Paged attention packs the cache into blocks.", question) == (0,)


def test_the_content_check_names_a_single_word_a_one_group_rule_would_ignore() -> None:
    from pathlib import Path

    from studyapp.grading.lint import rule_problems

    root = Path(__file__).resolve().parents[2] / "content"
    dead = _question(("paged attention|vllm",), ("vllm + page*|block*",))
    [problem] = rule_problems([dead], root)
    assert "key point 1" in problem.message and "'vllm' never matches" in problem.message
    assert rule_problems([_question(("paged attention|page* the cache",))], root) == []


def test_one_written_word_never_answers_two_groups(checker: Checker) -> None:
    # LSTM reads as "long short term memory": it is not also the claim `memory`
    question = _question(("lstm*|gru* + memory|additive",), ("max* + maximum|winner",))
    assert covered(checker, "LSTM.", question) == ()
    assert covered(checker, "An LSTM keeps a memory cell.", question) == (0,)
    assert covered(checker, "Max pooling.", question) == ()
    assert covered(checker, "Max pooling sends it to the winner.", question) == (1,)
