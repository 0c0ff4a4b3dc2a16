"""Demo: a realistic sample journal, generated from a seed, for trying the app and benchmarks.

``generate(days=180, seed=7, end=...)`` returns domain values (episodes, day logs, medicines,
health notes) for one made-up person in ``Europe/Berlin``:

* about 8% of days not checked in (no day log and no episodes: missing, not "no twitches");
  on checked-in days each factor is left unlogged (``None``, never 0) 4% of the time;
* factors follow the simulated people of docs/analysis.md §11.1: caffeine from drinks around
  200 mg (AR(1)), sleep around 6.9 h (quarter hours, 3-11 h) with a quality 1-5 that goes a
  little with it, stress around 4 (0-10), a few cigarettes, exercise on half the days, alcohol
  mostly at weekends, water with the season, screen time around 6 h;
* about 4 episodes per checked-in day (5 with the colds below), negative binomial around a
  rate with three built-in associations, each a rate ratio: caffeine the day before 1.5 per
  100 mg, sleep debt below 7 h 1.6 per hour, stress 1.2 per point. Cigarettes, exercise,
  alcohol, water, screen time and the medicines have no effect;
* two factors of the person's own (issue 14, ``demo/own.py``): the scale "anxiety" (0-10, no
  effect) and the tag "cold" (about 1 day in 6, in runs of 2-4 days; rate ratio 2.0 on those
  days), with "tags complete" on 9 checked-in days in 10; none in a dense journal;
* mostly left-eyelid twitches in the daytime, some calf and thigh twitches (the odd thigh
  spasm), night cramps in the calf and foot with pain, an occasional thumb twitch; durations
  from a second to 15 minutes, intensities 1-5 for twitches and 5-9 for cramps; a few notes
  with markup characters such as ``[bold]`` and ``[/`` to exercise plain-text rendering;
* magnesium citrate from half-way, a reliever inhaler in blocks of 2-5 weeks, a GP visit and
  a normal blood test; no red-flag notes.

``dense=True`` checks in every day, logs every factor and fills each day up to 20 episodes:
20 years give about 146,000 episodes for benchmarks. Only ``random.Random(seed)`` is used.
"""

from twitchlog.demo.generator import DemoJournal, generate

__all__ = ["DemoJournal", "generate"]
