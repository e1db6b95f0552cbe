import type { types } from '@slack/bolt';
import type { Notice } from '../../../src/cards/model.js';
import { type ActionOptions, actionsBlock } from './actions.js';
import { stamped, withStamps } from './stamps.js';
import { LIMIT, md, mrkdwn, plain } from './text.js';
import { withTranslate } from './translate.js';

type Block = types.KnownBlock;

/**
 * A reminder, escalation, digest or proposal: a title, then each due item
 * with its own buttons, so the person acts right there in the DM. A digest
 * longer than one message may hold ends with how many more wait in
 * `/cx mine` (the App Home lists them all).
 */
export function noticeBlocks(notice: Notice, opts: ActionOptions): Block[] {
  const blocks: Block[] = [{ type: 'header', text: plain(notice.title, LIMIT.header) }];
  // A single reminder's text repeats its one item's detail; say it once.
  const single = notice.items.length === 1 && notice.items[0]?.detail === notice.text;
  if (notice.text && !single)
    blocks.push({
      type: 'section',
      text: stamped(md(notice.text, LIMIT.sectionText), notice.stamps, LIMIT.sectionText),
    });
  const room = Math.floor((LIMIT.messageBlocks - blocks.length - 1) / 2);
  notice.items.slice(0, room).forEach((item, i) => {
    const due = item.due
      ? `\n${item.overdue ? ':warning: ' : ':alarm_clock: '}_${mrkdwn(item.due, 500)}_`
      : '';
    const head = `*${mrkdwn(item.title, 500)}*\n`;
    const text = md(item.detail, LIMIT.sectionText - head.length - due.length, head);
    const body = withStamps(text.text + due, notice.stamps, LIMIT.sectionText);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: body } });
    const actions = withTranslate(
      actionsBlock(item.actions, i, opts),
      item.translate,
      `baton:translate:${i}`,
    );
    if (actions) blocks.push(actions);
  });
  const left = notice.items.length - room;
  if (left > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `… (+${left}) · \`/cx mine\`` }] });
  return blocks;
}
