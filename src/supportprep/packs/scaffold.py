"""``supportprep packs new``: a small, valid pack that explains itself."""

from __future__ import annotations

from pathlib import Path

from supportprep.errors import UserError
from supportprep.packs.schema import write_schemas

_MANIFEST = """\
# yaml-language-server: $schema=./schema/pack-manifest.schema.json
# This folder is a supportprep pack. Check it with:  supportprep packs validate {folder}
# Use it for one run with:  supportprep --pack {folder} drill
# Or install it for good by moving the folder into the user packs folder
# (`supportprep packs list` shows where packs are read from).
id: {pack_id}
name: {name}
version: 0.1.0
format_version: 1
description: >-
  A team-specific pack: one rubric, one scenario and one checklist item to start from.
"""

_CONTENT = """\
# yaml-language-server: $schema=./schema/pack-content.schema.json
# A content file may hold any of: roles, variants, industries, skills, stages, rubrics,
# scenarios, checklists, plans, insights, examples. Split them over as many *.yaml files as
# you like.
# Ids are stable keys (history is stored against them): change the wording freely, not the id.
# An item whose id matches a bundled one replaces it whole; new ids add to the bundled content.

rubrics:
  - id: {pack_id}-renewal-rescue
    name: Renewal rescue conversation
    stage: collaboration            # a stage id (`supportprep packs show` lists them)
    criteria:
      - id: risk-diagnosis
        name: Diagnoses the churn risk before proposing anything
        skill: escalation-judgment  # a skill id: troubleshooting, communication, tooling, ...
        weight: 2                   # heavier criteria count more in the 0-100 score
        levels:                     # what an answer at each level actually does
          weak: Offers a discount in the first minute without asking why usage fell.
          developing: Asks about usage but not about who now owns the decision.
          solid: Names the usage drop, the new stakeholder and the missing proof of value.
          strong: Does all of that and proposes a dated checkpoint with an owner on each side.
        advice: >-
          Practise opening with three questions: what changed in usage, who decides the
          renewal now, and what proof they would need to see.
      - id: plan-with-owners
        name: Leaves with a plan that has owners and dates
        skill: stakeholder-alignment
        levels:
          weak: Ends with "let's keep in touch".
          developing: Agrees next steps but names no owner or date.
          solid: Agrees two next steps, each with an owner and a date.
          strong: Writes the plan back in the call and agrees how success will be measured.
        advice: Close every practice answer by naming the next step, its owner and its date.

scenarios:
  - id: {pack_id}-flat-usage-renewal
    title: Renewal in 45 days, usage flat, champion gone
    stage: collaboration
    roles: [customer-support-manager]
    variants: [tier-2]
    industries: [saas]
    difficulty: intermediate
    time_limit_seconds: 300
    prompt: >-
      Your biggest support customer renews in 45 days. Weekly active users have been flat at 120
      for three months and the admin who championed the tool left last month. Walk me through
      the call you would set up with their new operations lead.
    context:
      - Contract value is $84,000 a year; 14 open tickets, 3 of them older than 30 days.
      - The new operations lead joined six weeks ago and has not logged in.
    injects:                        # new facts handed over while the candidate answers
      - at_seconds: 120             # seconds into the answer, before time_limit_seconds
        source: Your account executive
        text: The new lead just emailed asking for a 20% price cut before they renew.
        listens_for: Keeps the value conversation ahead of price and names who decides.
        criterion: plan-with-owners # optional: the criterion that credits reacting to it
    follow_ups:
      - question: What would you do if the new lead says they are evaluating a competitor?
        time_limit_seconds: 90
        probes: [2]                 # the strong-answer points it digs into (1 = the first)
        why_chain: 1                # then ask "why?" of the reply, up to 3 times
    calculations:                   # numbers checked against answer, within tolerance
      - id: {pack_id}-reopen-rate
        question: >-
          Of their last 200 resolved tickets, 18 were reopened. What is their reopen rate,
          in percent?
        formula: reopen-rate        # see docs/packs.md for the formulas and their inputs
        inputs:
          reopened: 18
          resolved: 200
        answer: 9
        tolerance: 0.1
        unit: "%"
    strong_answer_points:
      - Clears the three aged tickets before the call, so the call is not about them.
      - Asks what outcome the new lead is measured on and maps usage to it.
      - Agrees a dated checkpoint with an owner on each side.
    red_flags:
      - Leads with a discount.
      - Talks only to the old champion's contacts.
    rubric: {pack_id}-renewal-rescue
    talking_points: [usage, owner, checkpoint, renewal]

# Example answers at a known level: shown while scoring ("show an example of each level"), after
# scoring ("what a 4 looked like") and graded blind with `supportprep grade`. Write one per level
# (1 to 4) for a scenario; `levels` records a criterion where the answer sits elsewhere.
examples:
  - id: {pack_id}-flat-usage-renewal-l1
    scenario: {pack_id}-flat-usage-renewal
    level: 1
    answer: >-
      I'd get on a call with the new lead quickly and offer them 15% off the renewal to keep them
      happy, and then we can follow up after they sign.
    why: Leads with a discount, asks nothing about the usage drop, and ends with no plan.
  - id: {pack_id}-flat-usage-renewal-l4
    scenario: {pack_id}-flat-usage-renewal
    level: 4
    levels:
      plan-with-owners: 3
    answer: >-
      Before the call I close the three tickets older than 30 days, so the call is about their
      goals, not our backlog. Then I ask the new lead what she is measured on this quarter and
      who decides the renewal now, and I show how usage maps to that. We agree a checkpoint on
      the 15th: I bring a usage report, she brings her team's targets.
    why: >-
      Diagnoses the risk before proposing anything and clears the aged tickets; the plan has a
      date and an owner on each side, but no measure of success, so it sits at solid there.

checklists:
  - id: {pack_id}-extras
    name: Team extras
    items:
      - id: {pack_id}-renewal-story
        text: Prepare a two-minute story about a renewal you saved, with the usage numbers.
        category: stories
        due_days_before: 10
        skill: stakeholder-alignment
        why: Renewal-flavoured roles ask for one in almost every loop.
"""

_README = """\
# {name}

A supportprep content pack.

- `pack.yaml` names the pack; `content.yaml` holds its rubric, scenario, example answers and
  checklist item.
- `schema/` holds JSON Schemas; editors with the YAML language server (VS Code's YAML
  extension, for example) use them for completion and checking through the first line of each file.
- Check the pack: `supportprep packs validate {folder}`
- Practise with it: `supportprep --pack {folder} drill --scenario {pack_id}-flat-usage-renewal`
"""


def scaffold(folder: Path, pack_id: str | None = None) -> list[Path]:
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"{folder}: folder exists and is not empty; choose a new folder")
    pack_id = pack_id or _slug(folder.resolve().name)
    if not pack_id:
        raise UserError(f"{folder}: cannot make a pack id from this folder name; pass --id")
    name = pack_id.replace("-", " ").capitalize()
    if name.split()[-1].lower() != "pack":  # "my-pack" is "My pack", not "My pack pack"
        name += " pack"
    if not folder.parent.is_dir():
        raise UserError(f"{folder.parent}: no such folder; create it first")
    folder.mkdir(exist_ok=True)
    values = {"pack_id": pack_id, "name": name, "folder": str(folder)}
    written = []
    for filename, template in (
        ("pack.yaml", _MANIFEST),
        ("content.yaml", _CONTENT),
        ("README.md", _README),
    ):
        path = folder / filename
        path.write_text(template.format(**values), encoding="utf-8")
        written.append(path)
    written += write_schemas(folder / "schema")
    return written


def _slug(name: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")
