"""The diagnosis as the stable JSON shape and as text for people, in English or Japanese:
with ``lang="ja"`` every sentence is Japanese (titles, evidence, advice, skipped checks);
SIDs, numbers, times, codes and ids stay as they are."""

from __future__ import annotations

from smsim.domain.diagnosis.evidence import CHECKS, Evidence, Unavailable
from smsim.domain.diagnosis.facts import render
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.domain.diagnosis.tree import Findings

# Report order: the guide's order of sections, then the catalogue's.
ORDER = list(CATALOGUE)

# What each check reads, in the report's language (the check's id stays in the JSON).
CHECK_TITLES = {
    "en": {"request-log": "request log", "test-credentials": "test credentials",
           "delivery-steps": "delivery steps", "handset-inbox": "handset inboxes",
           "handset-state": "handset state", "handset-outbox": "handset outboxes",
           "opt-outs": "opt-outs", "webhook-attempts": "webhook attempts"},
    "ja": {"request-log": "リクエストログ", "test-credentials": "テストクレデンシャル",
           "delivery-steps": "配信ステップ", "handset-inbox": "端末の受信箱",
           "handset-state": "端末の状態", "handset-outbox": "端末の送信箱",
           "opt-outs": "配信停止の一覧", "webhook-attempts": "Webhookの送信記録"},
}


def skipped_reason(unavailable: Unavailable, lang: str) -> str:
    """Why a check could not run. The English is the source's own message; the Japanese
    says the same in the guide's words, keeping the HTTP status (the source's message is
    the simulator's English, and adds nothing a Japanese reader needs)."""
    if lang == "en":
        return str(unavailable)
    if unavailable.status is None:
        return "シミュレーターのコントロールプレーンがありません (本物のTwilioです)"
    return f"読み取れません (HTTP {unavailable.status})"


def as_json(ev: Evidence, found: Findings, lang: str = "en") -> dict:
    symptoms = []
    for symptom_id in sorted(found.by_id, key=ORDER.index):
        finding = found.by_id[symptom_id]
        symptom = CATALOGUE[symptom_id]
        symptoms.append({"id": symptom_id, "title": symptom.title[lang],
                         "message_sids": finding["message_sids"],
                         "evidence": [render(seen, lang) for seen in finding["evidence"]],
                         "advice": symptom.advice[lang], "guide_section": symptom.section})
    skipped = [{"check": check, "title": CHECK_TITLES[lang][check],
                "reason": skipped_reason(unavailable, lang), "symptoms": CHECKS[check]}
               for check, unavailable in sorted(ev.skipped.items())]
    return {"symptoms": symptoms, "checks_skipped": skipped}


HEADINGS = {"en": ("No symptom found: healthy.", "Checks skipped", "evidence", "advice",
                   "messages"),
            "ja": ("症状は見つかりませんでした: 正常です。", "実行できなかった確認", "根拠",
                   "対処", "メッセージ")}
# A skipped check's line: its name, why, and the symptoms it could have revealed.
SKIPPED_LINE = {"en": "  {check} ({reason}): cannot detect {symptoms}",
                "ja": "  {title}: {reason}。検出できない症状: {symptoms}"}


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
            lines.append(SKIPPED_LINE[lang].format(
                check=c["check"], title=c["title"], reason=c["reason"],
                symptoms=", ".join(c["symptoms"])))
    return "\n".join(lines)
