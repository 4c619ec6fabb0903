"""Arbitrary text given to the parser gives a value or a calcli error, nothing else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from calcli import parse
from calcli.errors import CalcliError

GRAMMAR_CHARS = "xyz0123456789.+-*/^()[],;= eEIjpisnqrtlogab_ \n²³π−٣"


def parses_or_refuses(text):
    try:
        parse(text)
    except CalcliError as err:
        assert err.message


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=GRAMMAR_CHARS, max_size=40))
def test_grammar_like_text(text):
    parses_or_refuses(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_unicode_text(text):
    parses_or_refuses(text)
