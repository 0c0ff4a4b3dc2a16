"""The sample journal's own symptom "eye strain" (issue 14), named on some eyelid twitches."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from twitchlog.demo import generate
from twitchlog.demo.own import EYE_STRAIN, with_own_symptom


def test_eye_strain_is_defined_and_named_on_a_few_eyelid_twitches_only() -> None:
    plain = generate(120, seed=5, end=date(2026, 6, 30))
    sample = with_own_symptom(plain, seed=5)
    assert sample.symptoms == (EYE_STRAIN,)
    named = [e for e in sample.episodes if EYE_STRAIN.key in e.symptoms]
    eyelid = [e for e in sample.episodes if e.site == "eyelid"]
    assert named and {e.site for e in named} == {"eyelid"}
    assert 0.03 < len(named) / len(eyelid) < 0.25
    # nothing else changes: without the own symptom, every episode is the generator's
    unnamed = [replace(e, symptoms=e.symptoms - {EYE_STRAIN.key}) for e in sample.episodes]
    assert unnamed == list(plain.episodes)
