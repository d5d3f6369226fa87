"""The symptom catalogue of ``shared/guide/symptoms.md``: ids, titles and the guide's advice,
in English and in Japanese (the guide's own language, ``shared/seed``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Symptom:
    id: str
    section: str
    title: dict  # lang -> text
    advice: dict


def _s(id_, section, title_en, advice_en, title_ja, advice_ja) -> Symptom:
    return Symptom(id_, section, {"en": title_en, "ja": title_ja},
                   {"en": advice_en, "ja": advice_ja})


CATALOGUE = {s.id: s for s in [
    _s("app-error-before-api", "1",
       "No message and no API request: the application failed before calling Twilio",
       "The fault is in the application. Send a test message (API Explorer, `smsim send`) to "
       "prove the To and From numbers work, then fix the code path that should have sent it.",
       "メッセージもAPIリクエストもありません: アプリケーションがTwilioを呼ぶ前に失敗しています",
       "問題はアプリケーション側にあります。API Explorer (smsim send) でテストメッセージを送信し、"
       "To/From番号がアクティブで送受信に対応していることを確認してから、送信するはずだった"
       "コードを修正してください。"),
    _s("api-rejected", "1",
       "The API refused the message with a 4xx error",
       "Look the error code up (https://www.twilio.com/docs/errors/CODE); each code has its "
       "own fix.",
       "APIが4XXエラーでメッセージを拒否しました",
       "受信したエラーコードを検索してください。エラーコードごとに対処方法があります。"),
    _s("wrong-credentials", "5",
       "Every API call answers 401 / 20003: wrong credentials",
       "Use the right Account SID and Auth Token (or API key and secret).",
       "すべてのAPI呼び出しが401 / 20003を返します: 認証情報が誤っています",
       "正しいアカウントSIDと認証トークンを使用していることを確認してください。"),
    _s("test-credentials", "5",
       "Sent with test credentials: answered 'queued', never sent",
       "Test credentials never send a message; use the live Account SID and Auth Token.",
       "テストクレデンシャルで送信されています: queuedと応答しますが実際には送信されません",
       "テストクレデンシャルの使用はメッセージが送信された旨のレスポンスを生成しますが、実際には"
       "送信されません。本番のアカウントSIDと認証トークンを使用してください。"),
    _s("delivery-failed", "1",
       "The message failed or was undelivered",
       "Look the error code up; check the handset (section 5) and resend to isolate the "
       "problem.",
       "メッセージのステータスがFailedまたはUndeliveredです",
       "エラーコードを検索し、端末側を確認して (メッセージが遅延します の節) 、再送信で問題を"
       "切り分けてください。"),
    _s("sent-not-received", "1",
       "Status sent or delivered, but the handset shows nothing",
       "Check the handset: is the number active, in coverage, not roaming, not blocking the "
       "sender, not blacklisted by the carrier? Resend to isolate.",
       "ステータスはSentまたはDeliveredですが、端末にメッセージが届いていません",
       "「To」電話番号を確認してください: 番号は有効でアクティブか、電波状況は良好か、"
       "国際ローミングしていないか、受信拒否リストやキャリアーのブラックリストに登録されていないか。"
       "再送信で問題を切り分けてください。"),
    _s("number-not-sms-capable", "2",
       "The Twilio number has no SMS capability",
       "Buy an SMS-capable number (a US number); Japanese numbers cannot send or receive SMS.",
       "Twilio電話番号がSMSに対応していません",
       "SMSに対応したTwilio番号 (米国の電話番号) を購入してください。日本の電話番号はSMSに"
       "対応していません。"),
    _s("inbound-no-webhook", "2",
       "The number has no SMS webhook, so the app is never told",
       "Set the number's SMS webhook URL (Console or IncomingPhoneNumbers SmsUrl).",
       "電話番号にSMSのWebhookが設定されていません",
       "電話番号にSMS Webhook (SmsUrl) を設定してください。"),
    _s("inbound-international-sender", "2",
       "The sender's country's carriers cannot hand SMS to Twilio",
       "Delivery from some countries is not guaranteed; ask the international sender's "
       "carrier.",
       "送信元の国のキャリアーがTwilioのネットワークにSMSを伝送できません",
       "一部の国のキャリアーはSMSをTwilioのネットワークに伝送できません。国際送信キャリアーに"
       "お問い合わせください。"),
    _s("inbound-roaming-sender", "2",
       "The sender is roaming or out of coverage",
       "Texts from roaming or badly covered phones are not guaranteed; Twilio cannot tell "
       "that a sender roams.",
       "送信元がローミング中、または圏外です",
       "Twilioはローミング中の電話番号からのSMSの送達を保証できません。送信元がローミング中か"
       "どうかをTwilioは判断できません。"),
    _s("inbound-short-code-sender", "2",
       "The sender is a short code, which cannot text a Twilio number",
       "Short-code carriers only talk to mobile numbers; a Twilio number is not one. Services "
       "such as Google Voice, Facebook or Skype (e.g. 55555) cannot reach it.",
       "送信元がショートコードです: Twilio番号にはメッセージを送信できません",
       "ショートコードのキャリアーは携帯電話番号とのみやり取りし、Twilio番号は携帯番号とは"
       "見なされません。"),
    _s("opted-out", "3",
       "Blacklist response: the recipient opted out (21610)",
       "The recipient must text START or YES (UNSTOP too) to opt back in; the attempt is not "
       "charged.",
       "ブラックリストのルールに関するレスポンス: 受信者がオプトアウトしています (21610)",
       "受信者が再度オプトインするには、STARTまたはYESというテキストをTwilio番号に送信する必要が"
       "あります。この送信の試みに課金は行われません。"),
    _s("app-duplicate", "4",
       "The application sent the same message more than once",
       "Check your server's HTTP request logs and fix the double send.",
       "アプリケーションが同じメッセージを複数回送信しています",
       "サーバー上でHTTPリクエストのログを確認し、二重送信を修正してください。"),
    _s("carrier-duplicate", "4",
       "One send, delivered more than once by the carrier",
       "Nothing is wrong in the application; if it persists across many recipients and "
       "carriers, collect the message SIDs and contact support.",
       "1回の送信がキャリアー側で複数回配信されています",
       "アプリケーションに問題はありません。複数の受信者・キャリアーで長期間続く場合は、メッセージ"
       "SIDを収集してサポート窓口にご連絡ください。"),
    _s("delayed-queue", "5",
       "Delayed: queued behind other messages from the same number",
       "Spread traffic over more senders or a Messaging Service and respect the sending rate "
       "(a US long code sends 1 segment per second).",
       "遅延: 同じFrom番号からの大量のメッセージの後ろでキューイングされています",
       "送信元を増やすかMessaging Serviceを使い、送信速度制限を守ってください (米国のロングコードは"
       "毎秒1セグメント) 。"),
    _s("delayed-carrier", "5",
       "Delayed: downstream carrier congestion",
       "It resolves by itself when the congestion clears.",
       "遅延: 下りのキャリアーネットワークが混雑しています",
       "下りのトラフィック混雑が解消されると自動的に改善します。"),
    _s("handset-unreachable", "5",
       "The handset is off, out of signal, or the number is inactive",
       "Check the handset (power, signal, number in service) and resend to isolate.",
       "端末の電源が切れている、圏外、または番号が無効です",
       "端末を確認し (電源、電波状況、番号が有効か) 、再送信で問題を切り分けてください。"),
    _s("carrier-filtered-sender", "5",
       "The carrier filters this long code",
       "Send from another long code; register the traffic (A2P 10DLC, toll-free "
       "verification).",
       "キャリアーがこのロングコードをフィルタリングしています",
       "他のTwilioロングコードからの送信をお試しください。キャリアー側の送信数制限のしきい値に"
       "達した可能性があります。"),
    _s("handset-blocked-sender", "5",
       "Delivered, but the recipient blocks this sender on the handset",
       "Ask the recipient to unblock the number.",
       "配信済みですが、受信者が端末でこの送信元をブロックしています",
       "受信者にブロックを解除してもらってください。"),
    _s("healthy", "5",
       "Nothing is wrong: delivered within 30 s, received once",
       "-",
       "問題ありません: 30秒以内に配信され、1回受信されています",
       "-"),
]}

# Error code -> the most specific id for a synchronous refusal (symptoms.md "One finding").
SYNC_CODES = {20003: "wrong-credentials", 21610: "opted-out"}
# Delivery error code -> id.
ASYNC_CODES = {30003: "handset-unreachable", 30005: "handset-unreachable",
               30007: "carrier-filtered-sender", 21610: "opted-out"}
