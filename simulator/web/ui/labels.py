"""The dashboard's words in English and Japanese (?lang=ja, or the browser's language)."""

from __future__ import annotations

LABELS = {
    "en": {
        "title": "smsim dashboard", "log": "Messages", "handsets": "Handsets",
        "numbers": "Numbers", "faults": "Faults & clock", "send": "Send a test message",
        "scenarios": "Scenarios", "language": "日本語", "status": "Status",
        "direction": "Direction", "from": "From", "to": "To", "body": "Body",
        "error": "Error", "created": "Created", "account": "Account", "number": "Number",
        "symptom": "Symptom", "filter": "Filter", "all": "All", "older": "Older",
        "newest": "Newest", "no_messages": "No messages yet.", "fields": "Fields",
        "timeline": "Delivery steps", "callbacks": "Status callbacks and webhooks",
        "fault_rules": "Fault rules that fired", "diagnose": "Diagnose",
        "none": "None", "inbox": "Inbox", "outbox": "Outbox", "power": "Power",
        "signal": "Signal", "roaming": "Roaming", "active": "Active",
        "blocked": "Blocked senders", "save": "Save", "compose": "Text a number",
        "send_button": "Send", "capabilities": "Capabilities", "webhook": "SMS webhook",
        "queue": "Queue", "opt_outs": "Opt-outs", "services": "Messaging Services",
        "rules": "Active rules", "presets": "Presets", "load": "Switch on",
        "remove": "Remove", "clock": "Clock", "mode": "Mode", "advance": "Advance",
        "reset": "Reset the world", "result": "Result", "run": "Run",
        "expected": "Expected", "detected": "Detected", "delayed": "Delayed (over 30 s)",
        "copy_no": "Copy", "received": "Received", "outcome": "Outcome", "reason": "Reason",
        "sms": "SMS", "mms": "MMS", "voice": "Voice", "yes": "yes", "no": "no",
        "from_number": "From number", "attempts": "Attempts", "queue_wait": "Queue wait",
        "carrier_time": "Carrier time", "seconds": "s", "name": "Name",
        "on": "on", "off": "off", "updated_live": "Updates live every second.",
    },
    "ja": {
        "title": "smsim ダッシュボード", "log": "メッセージ", "handsets": "端末",
        "numbers": "電話番号", "faults": "障害と時計", "send": "テストメッセージを送信",
        "scenarios": "シナリオ", "language": "English", "status": "ステータス",
        "direction": "方向", "from": "送信元", "to": "宛先", "body": "本文",
        "error": "エラー", "created": "作成日時", "account": "アカウント",
        "number": "番号", "symptom": "症状", "filter": "絞り込み", "all": "すべて",
        "older": "古いもの", "newest": "最新", "no_messages": "メッセージはまだありません。",
        "fields": "フィールド", "timeline": "配信ステップ",
        "callbacks": "ステータスコールバックとWebhook", "fault_rules": "発動した障害ルール",
        "diagnose": "診断", "none": "なし", "inbox": "受信箱", "outbox": "送信箱",
        "power": "電源", "signal": "電波", "roaming": "ローミング", "active": "有効",
        "blocked": "ブロック中の送信元", "save": "保存", "compose": "番号にテキストを送る",
        "send_button": "送信", "capabilities": "対応機能", "webhook": "SMS Webhook",
        "queue": "キュー", "opt_outs": "オプトアウト", "services": "Messaging Service",
        "rules": "有効なルール", "presets": "プリセット", "load": "有効にする",
        "remove": "削除", "clock": "時計", "mode": "モード", "advance": "進める",
        "reset": "ワールドをリセット", "result": "結果", "run": "実行",
        "expected": "期待", "detected": "検出", "delayed": "遅延 (30秒超)",
        "copy_no": "コピー", "received": "受信日時", "outcome": "結果", "reason": "理由",
        "sms": "SMS", "mms": "MMS", "voice": "音声", "yes": "はい", "no": "いいえ",
        "from_number": "送信元番号", "attempts": "試行", "queue_wait": "キュー待ち",
        "carrier_time": "キャリアー時間", "seconds": "秒", "name": "名前",
        "on": "オン", "off": "オフ", "updated_live": "毎秒自動更新されます。",
    },
}


def pick_language(arg: str | None, accept_language: str | None) -> str:
    if arg in LABELS:
        return arg
    if accept_language and accept_language.strip().lower().startswith("ja"):
        return "ja"
    return "en"
