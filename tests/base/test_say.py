"""`Say`, made cheaply (two slots set past a refusing `__setattr__`), keeps everything the frozen
dataclass it was gave its callers: compared with that dataclass, kept here as the reference."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swrules.base.words import NOTHING, Say, say


@dataclasses.dataclass(frozen=True, slots=True)
class ReferenceSay:
    """What `Say` was: `@node` made it exactly this."""

    zh: str
    en: str

    def __add__(self, other: ReferenceSay) -> ReferenceSay:
        return ReferenceSay(self.zh + other.zh, self.en + other.en)

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def _as_reference(s: Say) -> ReferenceSay:
    return ReferenceSay(s.zh, s.en)


_texts = st.text(max_size=6)


@given(_texts, _texts, _texts, _texts)
def test_say_behaves_as_the_frozen_dataclass(zh: str, en: str, zh2: str, en2: str) -> None:
    a, b = Say(zh, en), Say(zh=zh2, en=en2)
    ra, rb = ReferenceSay(zh, en), ReferenceSay(zh2, en2)
    assert (a.zh, a.en, a("zh"), a("en"), a("fr")) == (ra.zh, ra.en, ra("zh"), ra("en"), ra("fr"))
    assert repr(a) == repr(ra).replace("ReferenceSay(", "Say(", 1)
    assert hash(a) == hash(ra)
    assert (a == b) == (ra == rb) and (a != b) == (ra != rb)
    assert a == Say(zh, en) and not a != Say(zh, en) and hash(a) == hash(Say(zh, en))  # noqa: SIM202
    assert _as_reference(a + b) == ra + rb
    assert type(a + b) is Say


def test_say_is_not_a_tuple_nor_equal_to_one() -> None:
    s = Say("元", "yuan")
    for other in (("元", "yuan"), ["元", "yuan"], ReferenceSay("元", "yuan"), {"zh": "元", "en": "yuan"}):
        assert s != other and other != s
        assert not s == other and not other == s  # noqa: SIM201  (the == operator itself)
    assert not isinstance(s, tuple)
    assert {s: 1}[Say("元", "yuan")] == 1
    assert len({s, Say("元", "yuan"), NOTHING}) == 2


def test_say_refuses_assignment_and_deletion() -> None:
    s = Say("元", "yuan")
    for name in ("zh", "en", "other"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(s, name, "x")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(s, name)
    assert (s.zh, s.en) == ("元", "yuan")
    assert not hasattr(s, "__dict__")


def test_say_needs_both_languages() -> None:
    with pytest.raises(TypeError):
        Say("元")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Say("元", "yuan", "x")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Say(zh="元", fr="yuan")  # type: ignore[call-arg]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_say_pickles_and_copies(protocol: int) -> None:
    s = Say("未填报", "not given")
    back = pickle.loads(pickle.dumps(s, protocol))
    assert type(back) is Say and back == s and repr(back) == repr(s)
    assert copy.copy(s) == s and copy.deepcopy(s) == s
    assert pickle.loads(pickle.dumps([s, s], protocol)) == [s, s]


def test_say_matches_and_words_are_says() -> None:
    match Say("总分", "Total"):
        case Say(zh, en):
            assert (zh, en) == ("总分", "Total")
        case _:  # pragma: no cover
            pytest.fail("Say does not match by position")
    assert say("total") == Say("总分", "Total")
    assert Say("", "") == NOTHING and bool(NOTHING)
