"""The diagnosis as the stable JSON shape and as text for people."""

from __future__ import annotations

from smsim.domain.diagnosis.evidence import CHECKS, Evidence
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.domain.diagnosis.tree import Findings

# Report order: the guide's order of sections, then the catalogue's.
ORDER = list(CATALOGUE)


def as_json(ev: Evidence, found: Findings, lang: str = "en") -> dict:
    symptoms = []
    for symptom_id in sorted(found.by_id, key=ORDER.index):
        finding = found.by_id[symptom_id]
        symptom = CATALOGUE[symptom_id]
        symptoms.append({"id": symptom_id, "title": symptom.title[lang],
                         "message_sids": finding["message_sids"],
                         "evidence": finding["evidence"], "advice": symptom.advice[lang],
                         "guide_section": symptom.section})
    skipped = [{"check": check, "reason": reason, "symptoms": CHECKS[check]}
               for check, reason in sorted(ev.skipped.items())]
    return {"symptoms": symptoms, "checks_skipped": skipped}


HEADINGS = {"en": ("No symptom found: healthy.", "Checks skipped", "evidence", "advice",
                   "messages"),
            "ja": ("症状は見つかりませんでした: 正常です。", "実行できなかった確認", "根拠",
                   "対処", "メッセージ")}


def as_text(report: dict, lang: str = "en") -> str:
    healthy, skipped_title, evidence, advice, messages = HEADINGS[lang]
    lines = []
    if not report["symptoms"]:
        lines.append(healthy)
    for s in report["symptoms"]:
        lines.append(f"[{s['id']}] {s['title']}")
        if s["message_sids"]:
            lines.append(f"  {messages}: {', '.join(s['message_sids'])}")
        for fact in s["evidence"]:
            lines.append(f"  {evidence}: {fact}")
        lines.append(f"  {advice}: {s['advice']}")
    if report["checks_skipped"]:
        lines.append(f"{skipped_title}:")
        for c in report["checks_skipped"]:
            lines.append(f"  {c['check']} ({c['reason']}): cannot detect "
                         f"{', '.join(c['symptoms'])}")
    return "\n".join(lines)
