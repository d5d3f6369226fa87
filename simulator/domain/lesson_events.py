"""What happened in a lesson's world, in words: each event the player records (a send and
the API's answers, a handset's text and where it stopped, a world change, time passing) as
a sentence in English or Japanese, for the dashboard's player and ``smsim lesson run``.

Events are data (``kind`` and its fields, see ``web/lesson_player.py``); the words live here
so the page and the CLI say the same thing. Japanese has no English left in it but numbers,
SIDs, error codes and the API's own status values.
"""

from __future__ import annotations

APP_PREFIX = "app:"

OUTCOMES = {
    "en": {"in_transit": "on its way", "delivered": "reached the number", "lost": "lost",
           "not_sent": "never sent", "elsewhere": "went elsewhere"},
    "ja": {"in_transit": "配送中", "delivered": "番号に到着", "lost": "途中で消失",
           "not_sent": "送信されず", "elsewhere": "Twilio以外の宛先"},
}
# The outbox's stable causes (domain/inbound_plan.py) in people's words.
CAUSES = {
    "en": {"short_code_sender": "a short code cannot text a Twilio number",
           "switched_off": "the phone is switched off",
           "no_signal": "the phone has no signal",
           "blocked_country": "the sender's country's carriers cannot hand SMS to Twilio",
           "no_sms_capability": "the number has no SMS capability",
           "roaming": "the sender is roaming", "poor_signal": "the signal is poor",
           "number_released": "the number was released",
           "not_a_twilio_number": "not a number of this simulator",
           "not_whatsapp_sender": "the number is not enabled for WhatsApp",
           "not_sandbox_member": "the sender has not joined the WhatsApp sandbox"},
    "ja": {"short_code_sender": "ショートコードからはTwilio番号に送れません",
           "switched_off": "端末の電源が切れています",
           "no_signal": "端末が圏外です",
           "blocked_country": "送信元の国のキャリアはTwilioにSMSを渡せません",
           "no_sms_capability": "宛先の番号はSMSに対応していません",
           "roaming": "送信元はローミング中です", "poor_signal": "電波が弱い状態です",
           "number_released": "番号は解約されています",
           "not_a_twilio_number": "このシミュレーターの番号ではありません",
           "not_whatsapp_sender": "宛先の番号はWhatsAppに対応していません",
           "not_sandbox_member": "送信者はWhatsAppサンドボックスに参加していません"},
}
# Setting names of handsets, carriers and numbers, as a sentence shows them.
FIELDS = {
    "en": {"power": "power", "signal": "signal", "roaming": "roaming", "active": "in service",
           "line_type": "line type", "carrier": "carrier", "country": "country",
           "blocked_senders": "blocked senders", "name": "owner",
           "unreachable": "unreachable", "duplicate_copies": "extra copies",
           "filter_after": "filters a long code after", "congestion_delay": "congestion delay",
           "drop_receipts": "drops receipts", "give_up_after": "gives up after",
           "roaming_loss_probability": "roaming loss probability",
           "sms_url": "SMS webhook", "status_callback": "status callback",
           "capabilities": "capabilities", "send_rate": "send rate"},
    "ja": {"power": "電源", "signal": "電波", "roaming": "ローミング", "active": "利用中",
           "line_type": "回線種別", "carrier": "キャリア", "country": "国",
           "blocked_senders": "受信拒否の送信元", "name": "持ち主",
           "unreachable": "到達不能", "duplicate_copies": "重複して届ける数",
           "filter_after": "ロングコードをフィルターするまでの通数",
           "congestion_delay": "混雑による遅延", "drop_receipts": "配信通知を落とす",
           "give_up_after": "再送をあきらめるまで",
           "roaming_loss_probability": "ローミング時に失われる確率",
           "sms_url": "SMS Webhook", "status_callback": "ステータスコールバック",
           "capabilities": "機能", "send_rate": "送信速度"},
}
VALUES = {
    "en": {True: "yes", False: "no", "off": "off", "on": "on", "none": "none",
           "poor": "poor", "good": "good", "landline": "landline", "mobile": "mobile",
           "voip": "VoIP"},
    "ja": {True: "はい", False: "いいえ", "off": "オフ", "on": "オン", "none": "圏外",
           "poor": "弱い", "good": "良好", "landline": "固定電話", "mobile": "携帯電話",
           "voip": "IP電話"},
}
CREDENTIALS = {
    "en": {"test": " with the test credentials", "wrong": " with a wrong auth token",
           "live": ""},
    "ja": {"test": "テスト用の認証情報で", "wrong": "誤った認証トークンで", "live": ""},
}


def describe(event: dict, lang: str = "en") -> str:
    """One sentence for one event, in ``lang`` (en or ja)."""
    lang = "ja" if lang == "ja" else "en"
    render = RENDERERS.get(event.get("kind", ""))
    return render(event, lang) if render else str(event.get("kind", ""))


def _value(value, lang: str) -> str:
    if isinstance(value, str) and value.startswith(APP_PREFIX):
        path = value[len(APP_PREFIX):]
        return f"the lesson's app ({path})" if lang == "en" else f"レッスンのアプリ ({path})"
    if isinstance(value, list):
        return ", ".join(_value(v, lang) for v in value) or ("none" if lang == "en" else "なし")
    if isinstance(value, dict):
        return ", ".join(f"{k} {_value(v, lang)}" for k, v in value.items())
    if isinstance(value, bool) or value in VALUES[lang]:
        return VALUES[lang].get(value, str(value))
    return str(value)


def _changes(changes: dict, lang: str) -> str:
    separator = ", " if lang == "en" else "、"
    joiner = " " if lang == "en" else ": "
    return separator.join(f"{FIELDS[lang].get(k, k)}{joiner}{_value(v, lang)}"
                          for k, v in changes.items())


def _answers(answers: list[dict], lang: str) -> str:
    parts = []
    for a in answers:
        times = f" ×{a['count']}" if a.get("count", 1) > 1 else ""
        if a["status"] < 400:
            sid = f", {a['sid']}" if a.get("sid") and a.get("count", 1) == 1 else ""
            parts.append(f"{a['status']} {a.get('message_status', '')}{sid}{times}".strip())
        elif lang == "en":
            parts.append(f"{a['status']} / {a.get('code')} ({a.get('title', '')}){times}")
        else:
            parts.append(f"{a['status']} / エラー {a.get('code')}{times}")
    return "; ".join(parts)


def _send(e: dict, lang: str) -> str:
    count, sender = e.get("count", 1), e.get("from") or e.get("messaging_service") or "?"
    how = CREDENTIALS[lang].get(e.get("credentials", "live"), "")
    if lang == "en":
        what = f"{count} messages" if count > 1 else f"\u201c{e.get('body', '')}\u201d"
        return (f"The app sends {what} from {sender} to {e['to']}{how}; the API answers "
                f"{_answers(e['answers'], lang)}")
    what = f"{count}件のメッセージ" if count > 1 else f"「{e.get('body', '')}」"
    return (f"アプリが{how} {sender} から {e['to']} へ{what}を送信。APIの応答: "
            f"{_answers(e['answers'], lang)}")


def _text(e: dict, lang: str) -> str:
    outcome = OUTCOMES[lang].get(e.get("outcome"), e.get("outcome", ""))
    cause = CAUSES[lang].get(e.get("cause") or "")
    if lang == "en":
        because = f" ({cause})" if cause else ""
        return (f"Handset {e['from']} texts \u201c{e.get('body', '')}\u201d to {e['to']}: "
                f"{outcome}{because}")
    because = f" ({cause})" if cause else ""
    return f"端末 {e['from']} が {e['to']} へ「{e.get('body', '')}」と送信: {outcome}{because}"


# A setting changed on a thing of the world: (its name's key, its noun in en and ja).
SETTING_OF = {"handset": ("number", "Handset", "端末"), "carrier": ("name", "Carrier", "キャリア"),
              "number": ("phone_number", "Number", "番号")}


def _setting(kind: str):
    key, noun_en, noun_ja = SETTING_OF[kind]

    def render(e: dict, lang: str) -> str:
        changes = _changes(e["changes"], lang)
        if lang == "en":
            return f"{noun_en} {e[key]}: {changes}"
        return f"{noun_ja} {e[key]} の設定 — {changes}"
    return render


def _fault(e: dict, lang: str) -> str:
    if lang == "en":
        return f"Fault rule on: {e.get('name') or e.get('effect', {}).get('type', '')}"
    return f"障害ルールを有効化: {e.get('name') or e.get('effect', {}).get('type', '')}"


def _preset(e: dict, lang: str) -> str:
    to = e.get("match", {}).get("to")
    if lang == "en":
        return f"Fault preset \u201c{e['name']}\u201d on" + (f" for {to}" if to else "")
    return f"障害プリセット「{e['name']}」を有効化" + (f" (宛先 {to})" if to else "")


def _opt_out(e: dict, lang: str) -> str:
    if lang == "en":
        return f"{e['recipient']} opted out of {e['number']} earlier ({e.get('keyword', '')})"
    return f"{e['recipient']} は以前 {e['number']} をオプトアウト済み ({e.get('keyword', '')})"


def _service(e: dict, lang: str) -> str:
    numbers = ", ".join(e.get("numbers", []))
    if lang == "en":
        return f"Messaging Service \u201c{e['friendly_name']}\u201d with {numbers}"
    return f"Messaging Service「{e['friendly_name']}」(番号 {numbers})"


def _blocked_countries(e: dict, lang: str) -> str:
    countries = ", ".join(e.get("countries", []))
    if lang == "en":
        return f"Carriers of {countries} cannot hand SMS to Twilio"
    return f"{countries} のキャリアはTwilioにSMSを渡せません"


def _app(e: dict, lang: str) -> str:
    if lang == "en":
        return f"The lesson's app answers {e['path']} with HTTP {e['status']}"
    return f"レッスンのアプリは {e['path']} にHTTP {e['status']}で応答"


def _advance(e: dict, lang: str) -> str:
    seconds = f"{e['seconds']:g}"
    return f"{seconds} s pass" if lang == "en" else f"{seconds}秒経過"


def _error(e: dict, lang: str) -> str:
    if lang == "en":
        return f"The simulator refused an action: {e.get('message', '')}"
    return f"シミュレーターが操作を拒否しました: {e.get('message', '')}"


# Event kind -> its sentence (web/lesson_player.py makes the events).
RENDERERS = {"send": _send, "text": _text, "handset": _setting("handset"),
             "carrier": _setting("carrier"), "number": _setting("number"), "fault": _fault,
             "preset": _preset, "opt_out": _opt_out,
             "service": _service, "blocked_countries": _blocked_countries, "app": _app,
             "advance": _advance, "error": _error}
