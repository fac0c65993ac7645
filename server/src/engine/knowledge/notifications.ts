// Calls that send a message to people rather than move data: an e-mail through smtplib, a Slack
// message through slack_sdk, an HTTP POST to a chat webhook (Slack, Microsoft Teams, Discord,
// Google Chat incoming webhooks, whose URL is the only thing that tells them from an API call).
// A pipeline's alert or notification is a side step: its failure loses no data.

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { methodOf, rootOf } from './call-site';
import { ioOf } from './io';
import type { SourceText } from '../source-text';

/** smtplib's sending methods (https://docs.python.org/3/library/smtplib.html#smtplib.SMTP.sendmail). */
const SMTP_SEND = new Set(['sendmail', 'send_message']);
/** slack_sdk WebClient and WebhookClient sending methods (https://slack.dev/python-slack-sdk/). */
const SLACK_SEND = new Set(['chat_postMessage', 'chat_postEphemeral', 'chat_scheduleMessage', 'files_upload', 'files_upload_v2', 'send', 'send_dict']);
/** Modules whose clients only send messages to people. */
const MESSAGING_ROOTS = new Set(['slack_sdk', 'slack', 'pymsteams', 'discord_webhook', 'apprise']);
/** An incoming-webhook URL or the name of the setting holding one. */
const WEBHOOK = /webhook|hooks\.slack\.com|discord(app)?\.com\/api\/webhooks|outlook\.office\.com|chat\.googleapis\.com|slack_url|teams_url/i;

/** The call sends an alert or notification (e-mail, chat message, chat webhook). */
export function sendsNotification(call: CallFact, py: PythonFacts, text: SourceText): boolean {
  const method = methodOf(call.callee);
  const resolved = py.resolveCall(call);
  const root = rootOf(resolved);
  if (SMTP_SEND.has(method) && (root === 'smtplib' || /(smtp|mail)/i.test(call.callee))) return true;
  if (MESSAGING_ROOTS.has(root) && (SLACK_SEND.has(method) || method === 'send' || method === 'notify')) return true;
  const io = ioOf(call, py);
  if (io?.kind !== 'http' && !/(^|\.)urlopen$/.test(resolved)) return false;
  // Messages are posted; a GET reads (`urlopen` of a prepared request is a POST).
  if (/^(get|head|options)$/i.test(method)) return false;
  const target = io?.target ?? call.args[0] ?? null;
  return target !== null && WEBHOOK.test(text.slice(target.start, target.end));
}
