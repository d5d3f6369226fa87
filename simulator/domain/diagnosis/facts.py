"""Evidence lines as data: the decision tree (tree.py) records what it saw as a ``Fact`` (a
kind and its values), and the report writes each out in its language. The English lines are
those `smsim diagnose` has always printed; the Japanese ones use the guide's words (送信元,
宛先, キャリア, 端末, 不達, 配信済み). Values (SIDs, numbers, times, codes, bodies) are
written as they are in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from smsim.domain.errors import title

LANGUAGES = ("en", "ja")


@dataclass(frozen=True)
class Fact:
    kind: str
    values: tuple  # (name, value) pairs, sorted: hashable, so a finding lists a fact once

    def get(self, name: str):
        return dict(self.values)[name]


def fact(kind: str, **values) -> Fact:
    if kind not in TEXTS:
        raise KeyError(f"no text for fact {kind!r}")
    return Fact(kind, tuple(sorted((k, _frozen(v)) for k, v in values.items())))


def _frozen(value):
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(value.items())
    return value


def render(item: Fact, lang: str) -> str:
    text = TEXTS[item.kind][LANGUAGES.index(lang)]
    values = dict(item.values)
    return text(values) if callable(text) else text.format(**values)


# The guide's Japanese for the statuses a finding names (as the dashboard shows them).
STATUS_JA = {"failed": "失敗", "undelivered": "不達", "sent": "送信済み",
             "delivered": "配信済み"}
# Verify verification statuses (docs/verify.md), as the dashboard's verifications page says.
VERIFICATION_JA = {"pending": "確認待ち", "approved": "承認済み", "canceled": "キャンセル済み",
                   "max_attempts_reached": "試行回数の上限に到達", "expired": "期限切れ"}
POWER_JA = {"on": "電源オン", "off": "電源オフ"}
SIGNAL_JA = {"good": "電波良好", "poor": "電波が弱い", "none": "圏外"}
CAPABILITY_JA = {"voice": "音声", "sms": "SMS", "mms": "MMS", "fax": "FAX"}
# Why a handset's text never reached our number, or reached it late (its outbox ``cause``).
CAUSE_JA = {
    "short_code_sender": "送信元はショートコードです。ショートコードのキャリアは携帯電話番号にしか"
                         "配信しません",
    "blocked_country": "送信元の国のキャリアは、TwilioのネットワークにSMSを伝送できません",
    "roaming": "送信元はローミング中です",
    "no_signal": "送信元の端末が圏外のため、SMSは送信されていません",
    "switched_off": "送信元の端末の電源が切れているため、SMSは送信されていません",
    "poor_signal": "送信元の端末の電波が弱い状態です",
    "no_sms_capability": "宛先の番号はSMSに対応していないため、受信できません",
}


def _post_en(v: dict) -> str:
    return f"POST at {v['time']} To={v['to']} From={v['from']}"


def _post_ja(v: dict) -> str:
    return f"{v['time']} の POST (宛先 {v['to']}、送信元 {v['from']})"


def _refused_en(v: dict) -> str:
    return f"{_post_en(v)} answered {v['status']} / {v['code']} ({title(v['code'])})"


def _refused_ja(v: dict) -> str:
    return f"{_post_ja(v)} に {v['status']} / {v['code']} が返りました"


def _app_error_en(v: dict) -> str:
    return (f"no message in the log and no API request for To={v['to'] or 'any'} "
            f"From={v['from'] or 'any'}" + (" in the window" if v["window"] else ""))


def _app_error_ja(v: dict) -> str:
    pair = "、".join(f"{name} {value}" for name, value in (("宛先", v["to"]),
                                                         ("送信元", v["from"])) if value)
    return ((f"{pair} の" if pair else "") + "メッセージもAPIリクエストも"
            + ("、指定した期間の" if v["window"] else "") + "ログにありません")


def _failed_en(v: dict) -> str:
    head = f"{v['sid']} to {v['to']}: {v['status']}"
    return f"{head}, error {v['code']} ({title(v['code'])})" if v["code"] else head


def _failed_ja(v: dict) -> str:
    head = f"{v['sid']} (宛先 {v['to']}): {STATUS_JA.get(v['status'], v['status'])}"
    return f"{head}、エラー {v['code']}" if v["code"] else head


def _posts_en(v: dict) -> str:
    return (f"{v['count']} POSTs at " + " and ".join(v["times"])
            + f" with the same To ({v['to']}) and Body ({v['body']!r})")


def _posts_ja(v: dict) -> str:
    return (f"宛先 ({v['to']}) と本文 (「{v['body']}」) が同じPOSTリクエストが "
            f"{v['count']} 件あります ({'、'.join(v['times'])})")


def _handset_en(v: dict) -> str:
    state = f"power {v['power']}, signal {v['signal']}, " + (
        "active" if v["active"] else "not in service")
    return f"handset {v['number']}: {state}"


def _handset_ja(v: dict) -> str:
    return (f"端末 {v['number']} の状態: {POWER_JA.get(v['power'], v['power'])}、"
            f"{SIGNAL_JA.get(v['signal'], v['signal'])}、"
            + ("番号は有効" if v["active"] else "番号は使われていません"))


# Why a template message failed, by code (docs api/errors/63028, 63040-63042).
TEMPLATE_FAILED = {
    63028: ("its ContentVariables do not match the template's placeholders (a variable the "
            "template has no placeholder for, or a placeholder with neither a value nor a "
            "default)",
            "ContentVariables がテンプレートのプレースホルダーと一致しません (テンプレートにない"
            "変数があるか、値も既定値もないプレースホルダーがあります)"),
    63040: ("WhatsApp rejected the template", "WhatsAppがテンプレートを却下しました"),
    63041: ("WhatsApp paused the template", "WhatsAppがテンプレートを一時停止しました"),
    63042: ("WhatsApp disabled the template", "WhatsAppがテンプレートを無効にしました"),
}


def _template_failed_en(v: dict) -> str:
    return f"{v['sid']} was sent with template {v['template']}: " \
           f"{TEMPLATE_FAILED[v['code']][0]} ({v['code']})"


def _template_failed_ja(v: dict) -> str:
    return f"{v['sid']} はテンプレート {v['template']} で送信されましたが、" \
           f"{TEMPLATE_FAILED[v['code']][1]} ({v['code']})"


def _text_en(v: dict) -> str:
    what = "arrived late" if v["late"] else "never reached Twilio"
    return f"text from {v['sender']} to {v['to']} at {v['time']} {what}: {v['reason']}"


def _text_ja(v: dict) -> str:
    head = f"{v['time']} に {v['sender']} から {v['to']} へ送られたSMSは"
    what = (f"{v['delay']:.0f}秒遅れて届きました" if v["late"]
            else "Twilioに届いていません")
    cause = CAUSE_JA.get(v["cause"])
    if v["cause"] == "roaming" and not v["late"]:
        cause = "送信元がローミング中で、ローミング先のネットワークがSMSを破棄しました"
    return head + what + (f": {cause}" if cause else "")


def _capabilities_en(v: dict) -> str:
    return f"{v['number']} has no SMS capability (capabilities {dict(v['capabilities'])})"


def _capabilities_ja(v: dict) -> str:
    listed = "、".join(f"{CAPABILITY_JA.get(k, k)} {'あり' if on else 'なし'}"
                      for k, on in v["capabilities"])
    return f"{v['number']} はSMSに対応していません (対応機能: {listed})"


def _verification_en(v: dict) -> str:
    if v["lost"] and v["status"] == "pending":
        return (f"verification {v['verification']} stays pending: its code {v['sid']} never "
                "reached the phone")
    if v["lost"]:
        return (f"verification {v['verification']} is {v['status']}: its code {v['sid']} "
                "never reached the phone")
    return f"{v['sid']} carried the code of verification {v['verification']} ({v['status']})"


def _verification_ja(v: dict) -> str:
    status = VERIFICATION_JA.get(v["status"], v["status"])
    if v["lost"] and v["status"] == "pending":
        return (f"認証 {v['verification']} は確認待ちのままです: 認証コードのSMS {v['sid']} "
                "が端末に届いていません")
    if v["lost"]:
        return (f"認証 {v['verification']} は{status}です: 認証コードのSMS {v['sid']} "
                "は端末に届いていません")
    return f"{v['sid']} は認証 {v['verification']} ({status}) の認証コードのSMSです"


Text = str | Callable[[dict], str]
# kind -> (English, Japanese): a str.format template or a function of the values.
TEXTS: dict[str, tuple[Text, Text]] = {
    "auth-refused": ("{method} {path} at {time} answered 401 / 20003 (Authenticate)",
                     "{time} の {method} {path} に 401 / 20003 (認証の失敗) が返りました"),
    "test-credentials": (
        lambda v: f"{_post_en(v)} used the test Account SID {v['test_sid']}: answered 201 "
                  f"queued ({v['sid']}), and the message is not in the live account's log",
        lambda v: f"{_post_ja(v)} はテスト用のアカウントSID {v['test_sid']} で送信されています: "
                  f"201 (キュー待ち) が返りましたが、このメッセージ ({v['sid']}) は本番アカウントの"
                  "ログにありません"),
    "api-refused": (_refused_en, _refused_ja),
    "api-refused-opted-out": (
        lambda v: f"{_refused_en(v)}; not charged",
        lambda v: f"{_refused_ja(v)}。この送信に課金はされていません"),
    "api-refused-no-sms": (
        lambda v: f"{_refused_en(v)}; {v['from']} has no SMS capability",
        lambda v: f"{_refused_ja(v)}。{v['from']} はSMSに対応していません"),
    "no-message-no-request": (_app_error_en, _app_error_ja),
    # (An opt-out declared with POST /_sim/opt-outs has no message: no SID to show.)
    "opt-out-record": (
        lambda v: f"{v['recipient']} texted {v['keyword']} to {v['scope']} at {v['time']}"
                  + (f" ({v['sid']})" if v["sid"] else ""),
        lambda v: f"{v['recipient']} が {v['time']} に {v['scope']} へ {v['keyword']} と送信"
                  "しています" + (f" ({v['sid']})" if v["sid"] else "")),
    "same-records": (
        lambda v: f"{v['count']} records at {' and '.join(v['times'])} with the same To, "
                  "From and Body",
        lambda v: f"宛先・送信元・本文が同じレコードが {v['count']} 件あります "
                  f"({'、'.join(v['times'])})"),
    "same-posts": (_posts_en, _posts_ja),
    "message-failed": (_failed_en, _failed_ja),
    "sender-filtered": (
        "{count} message(s) from {sender} filtered (30007) across {recipients} recipient(s)",
        "{sender} からのメッセージ {count} 通が、{recipients} 件の宛先でフィルタリングされています "
        "(30007)"),
    "sent-no-delivery": ("{sid} to {to} is sent with no delivery yet",
                         "{sid} (宛先 {to}) は送信済みですが、まだ配信されていません"),
    "blocked-sender": (
        "{sid} is {status} but not in {to}'s inbox: the handset blocks {sender}",
        lambda v: f"{v['sid']} は{STATUS_JA.get(v['status'], v['status'])}ですが、{v['to']} "
                  f"の受信箱にありません: 端末が {v['sender']} をブロックしています"),
    "not-in-inbox": (
        "{sid} is {status} but {to}'s inbox has no copy of it",
        lambda v: f"{v['sid']} は{STATUS_JA.get(v['status'], v['status'])}ですが、{v['to']} "
                  "の受信箱に届いていません"),
    "copies": (
        lambda v: f"one record {v['sid']}, {v['to']} received {v['count']} copies (at "
                  f"{', '.join(v['times'])})",
        lambda v: f"レコードは {v['sid']} の1件だけですが、{v['to']} は {v['count']} 通受信して"
                  f"います ({'、'.join(v['times'])})"),
    "delayed": (
        "{sid} took {total:.0f} s: {queue:.0f} s in {sender}'s queue, {carrier:.0f} s with "
        "the carrier",
        "{sid} は配信まで {total:.0f}秒かかりました: {sender} のキューで {queue:.0f}秒、"
        "キャリアで {carrier:.0f}秒"),
    "handset-state": (_handset_en, _handset_ja),
    "no-webhook-posted": (
        "{sid} from {sender} reached {to}, which has no SMS webhook URL: nothing was posted "
        "to the app",
        "{sender} からの {sid} は {to} に届きましたが、この番号にはSMSのWebhook URLが設定されて"
        "いないため、アプリケーションには何も送信されていません"),
    "sms-url-empty": (
        "{sid} from {sender} reached {to}, whose sms_url is empty",
        "{sender} からの {sid} は {to} に届きましたが、この番号のSMS Webhook URL (sms_url) "
        "は空です"),
    "text-lost-or-late": (_text_en, _text_ja),
    "no-sms-capability": (_capabilities_en, _capabilities_ja),
    "verification-code": (_verification_en, _verification_ja),
    "window-closed": (
        "{sid}: no WhatsApp message from {to} to {from} in the 24 hours before it was sent",
        "{sid}: 送信前の24時間に、{to} から {from} へのWhatsAppメッセージがありません"),
    "template-not-approved": (
        "{sid} was sent with template {template}, which is not approved: it went as free-form "
        "outside the window",
        "{sid} はテンプレート {template} で送信されましたが、このテンプレートは未承認のため、"
        "ウィンドウの外でフリーフォームとして扱われました"),
    "template-with-body": (
        "{sid} was sent with template {template} and a Body or MediaUrl: outside the window "
        "a template must go as ContentSid alone",
        "{sid} はテンプレート {template} に Body または MediaUrl を付けて送信されました。"
        "ウィンドウの外では、テンプレートは ContentSid だけで送信する必要があります"),
    "template-failed": (_template_failed_en, _template_failed_ja),
    "sandbox-not-joined": (
        "{sid}: {to} has not joined the WhatsApp sandbox in the 3 days before it was sent",
        "{sid}: {to} は送信前の3日間にWhatsAppのサンドボックスに参加していません"),
    "unread": (
        "{sid} to {to} was delivered {minutes:.0f} minutes ago and is not read",
        "{sid} (宛先 {to}) は {minutes:.0f}分前に配信済みになりましたが、既読になっていません"),
}
