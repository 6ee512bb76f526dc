"""Extraction, pure: normalized text and a reference date in, project and indicator facts out.

`extract(text, reference_date=...)` reads a report the way a careful reader would: which
projects it describes (investor, name, phase, location, total investment, capacity, land,
annual output, stage reached, planned production, progress) and which aggregate figures
it gives (洽谈项目263个, 规上工业总产值38.09亿元 …), each with the sentences that state it
(offsets into `text`). Relative dates (今年6月底, 下月底, 四季度) resolve against the date
the text prints (`published`), else against `reference_date`, else not at all.

How it reads, module by module:
- sentences: blocks (paragraphs, headings) and sentences with offsets; layout breaks rejoined.
- tables: a table flattened to text (项目名称/投资方/总投资… columns), each row rewritten as
  one sentence, its name cell the row's project.
- numbers, dates: amounts (约/超/近/逾 kept), capacities, percentages; time expressions.
- mentions (names, lists): where a sentence names, lists, refers back to or counts projects.
- figures, stages: investment, output, capacity, land, progress; stage cues, plans.
- enterprises, places: company names, brand prefixes, investor phrases; locations.
- attach: which mention of a sentence a fact belongs to, by position.
- projects (topic, families, entries, aliases): the walk through the document — the
  project being talked about, one family per project, phases (GUIDELINES settled
  cases 1 and 2), a headline's short name folded into the body's project.
- indicators: counts, totals with year-over-year change, completion rates.
Only sentences with something to find get the expensive steps; no step loops over the
whole text character by character.
"""

from __future__ import annotations

from datetime import date

from taizhang.intake.extract.dates import find_published
from taizhang.intake.extract.indicators import extract_indicators
from taizhang.intake.extract.projects import extract_projects
from taizhang.intake.extract.sentences import split_sentences
from taizhang.intake.facts import Extraction

__all__ = ["extract"]


def extract(text: str, *, reference_date: date | None = None) -> Extraction:
    """All facts of one normalized document."""
    published = find_published(text)
    doc_date = published or reference_date
    sentences = split_sentences(text)
    projects = extract_projects(text, sentences, doc_date)
    indicators = extract_indicators(text, sentences, doc_date)
    return Extraction(published=published, projects=projects, indicators=indicators)
