"""The symptom catalogue of ``shared/guide/symptoms.md``: ids, titles and the guide's advice,
in English and in Japanese (the guide's own language, ``shared/seed``). The Japanese keeps the
guide's sentences where it has them, in the dashboard's terms: キャリア, 端末, 送信元/宛先,
配信済み, 不達, 配信停止 (the guide's オプトアウト, 受信拒否)."""

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
       "メッセージもAPIリクエストもありません: アプリケーションがTwilioを呼び出す前に"
       "失敗しています",
       "問題はアプリケーション側にあります。テストメッセージを送信して (smsim send、"
       "TwilioではAPI Explorer)、宛先と送信元の番号がアクティブで、"
       "メッセージの送受信に対応していることを確認してから、"
       "送信するはずだったコードを修正してください。"),
    _s("api-rejected", "1",
       "The API refused the message with a 4xx error",
       "Look the error code up (https://www.twilio.com/docs/errors/CODE); each code has its "
       "own fix.",
       "APIが4XXエラーでメッセージを拒否しました",
       "Twilioで何らかの問題が発生し、メッセージを送信できなかったことを意味しています。"
       "受信したエラーコードを検索してください (https://www.twilio.com/docs/errors/CODE)。"
       "エラーコードごとに対処方法があります。"),
    _s("wrong-credentials", "5",
       "Every API call answers 401 / 20003: wrong credentials",
       "Use the right Account SID and Auth Token (or API key and secret).",
       "すべてのAPI呼び出しに 401 / 20003 が返ります: 認証情報が誤っています",
       "正しいアカウントSIDと認証トークン (またはAPIキーとシークレット) "
       "を使用していることを確認してください。"),
    _s("test-credentials", "5",
       "Sent with test credentials: answered 'queued', never sent",
       "Test credentials never send a message; use the live Account SID and Auth Token.",
       "テストクレデンシャルで送信しています: 送信を受け付けたと応答しますが、"
       "実際には送信されません",
       "テストクレデンシャルを使うと、メッセージが送信された旨のレスポンスが返りますが、"
       "実際にはメッセージは送信されません。本番のアカウントSIDと認証トークンを"
       "使用してください。"),
    _s("delivery-failed", "1",
       "The message failed or was undelivered",
       "Look the error code up; check the handset (section 5) and resend to isolate the "
       "problem.",
       "メッセージのステータスが失敗、または不達です",
       "エラーコードを検索してください。あわせて端末側を確認し (「メッセージが遅延します」"
       "の節)、メッセージを再送信して問題を切り分けてください。"),
    _s("sent-not-received", "1",
       "Status sent or delivered, but the handset shows nothing",
       "Check the handset: is the number active, in coverage, not roaming, not blocking the "
       "sender, not blacklisted by the carrier? Resend to isolate.",
       "ステータスは送信済みまたは配信済みですが、端末にメッセージが届いていません",
       "宛先の電話番号を確認してください: 番号は有効かつアクティブか、電波状況は良好か、"
       "国際ローミングしていないか、受信拒否リストに登録されていないか、"
       "キャリアによってブラックリストに追加されていないか。"
       "メッセージを再送信して問題を切り分けてください。"),
    _s("number-not-sms-capable", "2",
       "The Twilio number has no SMS capability",
       "Buy an SMS-capable number (a US number); Japanese numbers cannot send or receive SMS.",
       "Twilio電話番号がSMSに対応していません",
       "SMSに対応したTwilio番号 (米国の電話番号) を購入してください。"
       "日本の電話番号はSMSに対応していません。"),
    _s("inbound-no-webhook", "2",
       "The number has no SMS webhook, so the app is never told",
       "Set the number's SMS webhook URL (Console or IncomingPhoneNumbers SmsUrl).",
       "電話番号にSMSのWebhookが設定されていないため、アプリケーションに通知されません",
       "電話番号でSMSを受信するには、その番号に関連づけられたURLが必要です。コンソール、"
       "またはAPI (IncomingPhoneNumbers の SmsUrl) で電話番号のSMS "
       "Webhookを設定してください。"),
    _s("inbound-international-sender", "2",
       "The sender's country's carriers cannot hand SMS to Twilio",
       "Delivery from some countries is not guaranteed; ask the international sender's "
       "carrier.",
       "送信元の国のキャリアが、TwilioのネットワークにSMSを伝送できません",
       "一部の国のキャリアはSMSをTwilioのネットワークに伝送できないため、"
       "Twilioはそうしたメッセージが必ず受信できることを保証できません。"
       "国際送信キャリアにお問い合わせください。"),
    _s("inbound-roaming-sender", "2",
       "The sender is roaming or out of coverage",
       "Texts from roaming or badly covered phones are not guaranteed; Twilio cannot tell "
       "that a sender roams.",
       "送信元がローミング中、または圏外です",
       "Twilioは、ローミング中の電話番号からのSMSの送達を保証できません。また、"
       "送信元の電話番号がローミング中かどうかをTwilioは判断できません。"),
    _s("inbound-short-code-sender", "2",
       "The sender is a short code, which cannot text a Twilio number",
       "Short-code carriers only talk to mobile numbers; a Twilio number is not one. Services "
       "such as Google Voice, Facebook or Skype (e.g. 55555) cannot reach it.",
       "送信元がショートコードのため、Twilio番号にメッセージを送信できません",
       "ショートコードのキャリアは携帯電話番号とだけメッセージをやり取りするよう調整されて"
       "おり、Twilio電話番号は携帯番号とは見なされません。このため、グーグルボイス、"
       "フェイスブック、スカイプなど、ショートコード (例: 55555) からSMSを送信するサービスは、"
       "Twilio番号にメッセージを送信できません。"),
    _s("opted-out", "3",
       "Blacklist response: the recipient opted out (21610)",
       "The recipient must text START or YES (UNSTOP too) to opt back in; the attempt is not "
       "charged.",
       "ブラックリストのルールに関するレスポンス: 受信者が配信停止しています (21610)",
       "受信者が再度オプトイン (配信停止の解除) するには、"
       "STARTまたはYESというテキストをTwilio番号に送信する必要があります "
       "(UNSTOPでも解除できます)。この送信の試みに課金は行われません。"),
    _s("app-duplicate", "4",
       "The application sent the same message more than once",
       "Check your server's HTTP request logs and fix the double send.",
       "アプリケーションが同じメッセージを複数回送信しています",
       "ご使用のサーバー上でHTTPリクエストのログを確認し、"
       "Twilioに送信したリクエストを調べて二重送信を修正してください。"),
    _s("carrier-duplicate", "4",
       "One send, delivered more than once by the carrier",
       "Nothing is wrong in the application; if it persists across many recipients and "
       "carriers, collect the message SIDs and contact support.",
       "1回の送信が、キャリア側で複数回配信されています",
       "アプリケーションに問題はありません。複数の異なる受信者、"
       "キャリアにわたって重複メッセージが長期間発生する場合は、"
       "重複したメッセージのSIDを集めてサポート窓口にご連絡ください。"),
    _s("delayed-queue", "5",
       "Delayed: queued behind other messages from the same number",
       "Spread traffic over more senders or a Messaging Service and respect the sending rate "
       "(a US long code sends 1 segment per second).",
       "遅延: 同じ送信元番号からの大量のメッセージの後ろで、キューに滞留しています",
       "送信元の番号を増やすかメッセージングサービスを使い、送信速度制限を守ってください "
       "(米国のロングコードは毎秒1セグメント)。"),
    _s("delayed-carrier", "5",
       "Delayed: downstream carrier congestion",
       "It resolves by itself when the congestion clears.",
       "遅延: 下りのキャリアネットワークが混雑しています",
       "下りのトラフィック混雑が解消されると、自動的に改善します。"),
    _s("handset-unreachable", "5",
       "The handset is off, out of signal, or the number is inactive",
       "Check the handset (power, signal, number in service) and resend to isolate.",
       "端末の電源が切れているか圏外、または番号が使われていません",
       "端末を確認し (電源、電波状況、番号が有効か)、"
       "メッセージを再送信して問題を切り分けてください。"),
    _s("carrier-filtered-sender", "5",
       "The carrier filters this long code",
       "Send from another long code; register the traffic (A2P 10DLC, toll-free "
       "verification).",
       "キャリアがこのロングコードをフィルタリングしています",
       "他のTwilioロングコードから送信してみてください。正常に受信された場合、"
       "当初使用した電話番号がキャリア側の送信数制限のしきい値に達したことが考えられます。"
       "トラフィックの登録 (A2P 10DLC、フリーダイヤル番号の認証) も検討してください。"),
    _s("handset-blocked-sender", "5",
       "Delivered, but the recipient blocks this sender on the handset",
       "Ask the recipient to unblock the number.",
       "配信済みですが、受信者が端末でこの送信元をブロックしています",
       "受信者に、この番号のブロックを解除してもらってください。"),
    # WhatsApp (docs/whatsapp.md): ours, beyond the guide (section "W"), which is about SMS.
    _s("whatsapp-window-closed", "W",
       "WhatsApp: free-form message outside the 24-hour window (63016)",
       "Twilio: \"Failed to send freeform message because you are outside the allowed "
       "window. If you are using WhatsApp, please use a Message Template.\" Only the user's "
       "own message opens the window for 24 hours; outside it, send an approved template "
       "(ContentSid).",
       "WhatsApp: 24時間のウィンドウの外でフリーフォームのメッセージを送信しています (63016)",
       "許可された時間枠の外では、フリーフォームのメッセージは送信できません。"
       "ウィンドウを開くのはユーザーからのメッセージだけで、その24時間後に閉じます。"
       "ウィンドウの外では、承認済みのメッセージテンプレート (ContentSid) を送信してください。"),
    _s("whatsapp-template-rejected", "W",
       "WhatsApp: the template was not usable (not approved, rejected, paused, unknown, or "
       "bad variables)",
       "Outside the window Twilio sends only a template WhatsApp has approved, as ContentSid "
       "without Body or MediaUrl; one not yet approved fails with 63016, a rejected, paused "
       "or disabled one with 63040, 63041 or 63042: check its approval status (Content API "
       "ApprovalRequests) and fix or resubmit it. ContentVariables must match the "
       "template's placeholders (63028) and be a JSON object of non-empty text without "
       "newlines, tabs or runs of spaces (21656), each value at most 1,600 characters "
       "(21658), and needs a ContentSid (21654); ContentSid must name a template of the "
       "account (21655). Fix the template or its variables and resend.",
       "WhatsApp: テンプレートを使用できません (未承認、却下、一時停止、未登録、または変数が不正)",
       "ウィンドウの外で送信できるのは、WhatsAppが承認したテンプレートを Body や MediaUrl "
       "なしの ContentSid で送る場合だけです。未承認のテンプレートは 63016、却下・一時停止・"
       "無効化されたテンプレートは 63040・63041・63042 で失敗します。承認状況 (Content API の "
       "ApprovalRequests) を確認し、テンプレートを修正するか再申請してください。"
       "ContentVariables はテンプレートのプレースホルダーと一致し (63028)、空でなく改行・"
       "タブ・連続した空白を含まない文字列のJSONオブジェクトでなければならず (21656)、"
       "各値は1,600文字以内 (21658)、ContentSid も必要です (21654)。ContentSid は"
       "アカウントのテンプレートを指定してください (21655)。"
       "テンプレートまたは変数を修正して再送信してください。"),
    _s("whatsapp-sandbox-not-joined", "W",
       "WhatsApp: the recipient has not joined the sandbox (63015)",
       "Twilio: \"Channel Sandbox can only send messages to phone numbers that have joined "
       "the Sandbox.\" The user sends `join <code>` to whatsapp:+14155238886; membership "
       "lasts 3 days, then they must join again.",
       "WhatsApp: 宛先がサンドボックスに参加していません (63015)",
       "サンドボックスから送信できるのは、サンドボックスに参加した電話番号だけです。ユーザーが "
       "whatsapp:+14155238886 に `join <コード>` を送信すると参加できます。"
       "参加は3日間有効で、その後はもう一度参加する必要があります。"),
    _s("whatsapp-unread", "W",
       "WhatsApp: delivered over an hour ago, never read",
       "The message reached the WhatsApp app but its holder has not opened it. Nothing is "
       "wrong on the sending side; do not resend in a loop (a resend is another "
       "conversation message). Reach the user another way if it is urgent.",
       "WhatsApp: 1時間以上前に配信済みですが、まだ既読になっていません",
       "メッセージはWhatsAppアプリに届いていますが、受信者がまだ開いていません。"
       "送信側に問題はありません。再送信を繰り返さないでください。"
       "急ぎの場合は、別の方法でユーザーに連絡してください。"),
    _s("healthy", "5",
       "Nothing is wrong: delivered within 30 s, received once",
       "-",
       "問題ありません: 30秒以内に配信され、1回だけ受信されています",
       "-"),
]}

# The ids of the guide (shared/guide/symptoms.md); the others are ours, for WhatsApp
# (section "W", docs/diagnose.md), which the dashboard log's symptom filter offers in a
# group of their own (engine/log_symptoms.py WHATSAPP_IN_LOG).
GUIDE_IDS = tuple(s.id for s in CATALOGUE.values() if s.section != "W")

# Error code -> the most specific id for a synchronous refusal (symptoms.md "One finding").
SYNC_CODES = {20003: "wrong-credentials", 21610: "opted-out"}
# Delivery error code -> id.
ASYNC_CODES = {30003: "handset-unreachable", 30005: "handset-unreachable",
               30007: "carrier-filtered-sender", 21610: "opted-out",
               63016: "whatsapp-window-closed", 63015: "whatsapp-sandbox-not-joined",
               63028: "whatsapp-template-rejected", 63040: "whatsapp-template-rejected",
               63041: "whatsapp-template-rejected", 63042: "whatsapp-template-rejected"}
