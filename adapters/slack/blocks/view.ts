import type { types } from '@slack/bolt';
import type { View, ViewBlock, ViewListItem } from '../../../src/cards/model.js';
import { truncate } from '../../../src/cards/truncate.js';
import { ownMrkdwn } from '../escape.js';
import { type ActionOptions, actionsBlock, linkButtons } from './actions.js';
import { factBlocks } from './card.js';
import { bold, capBlocks, LIMIT, md, mrkdwn, plain } from './text.js';
import { withTranslate } from './translate.js';

type Block = types.KnownBlock;

function itemLine(item: ViewListItem): string {
  // At most 1,000 + 1,000 characters and a few more: always inside a section's 3,000.
  const detail = item.detail ? `\n${mrkdwn(item.detail, 1_000)}` : '';
  // Our own dashboard URL (ids are URI-encoded): only the text, escaped, comes from outside.
  const text = item.url ? `<${item.url}|${mrkdwn(item.text, 1_000)}>` : mrkdwn(item.text, 1_000);
  return `• ${text}${detail}`;
}

/** Items without buttons share sections (as many lines as fit); items with buttons get their own. */
function listBlocks(items: ViewListItem[], opts: ActionOptions, counter: { n: number }): Block[] {
  const out: Block[] = [];
  let lines: string[] = [];
  // The section's text as joined so far, counted rather than joined again for each line.
  let length = 0;
  const flush = () => {
    if (lines.length > 0) out.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
    lines = [];
    length = 0;
  };
  for (const item of items) {
    if (item.actions && item.actions.length > 0) {
      flush();
      out.push({ type: 'section', text: { type: 'mrkdwn', text: itemLine(item) } });
      const actions = actionsBlock(item.actions, counter.n++, opts);
      if (actions) out.push(actions);
      continue;
    }
    const line = itemLine(item);
    if (length + (lines.length > 0 ? 1 : 0) + line.length > LIMIT.sectionText) flush();
    length += (lines.length > 0 ? 1 : 0) + line.length;
    lines.push(line);
  }
  flush();
  return out;
}

function blocksOf(b: ViewBlock, opts: ActionOptions, counter: { n: number }): Block[] {
  switch (b.kind) {
    case 'heading':
      return [{ type: 'section', text: bold(b.text, LIMIT.sectionText) }];
    case 'text':
      return [
        {
          type: 'section',
          text: b.markup
            ? { type: 'mrkdwn', text: ownMrkdwn(truncate(b.text, LIMIT.sectionText - 200)) }
            : md(b.text, LIMIT.sectionText),
        },
      ];
    case 'facts':
      return factBlocks(b.facts);
    case 'list':
      return listBlocks(b.items, opts, counter);
    case 'links':
      return linkButtons(b.links, counter.n++);
    case 'divider':
      return [{ type: 'divider' }];
  }
}

/**
 * A read-only answer as blocks: up to 50 in a message, 100 in the App Home.
 * Outside text is escaped (escape.ts); Baton's own help keeps its `*bold*`
 * and backticks, and its `<customer>` is not mistaken for a link.
 */
export function viewBlocks(view: View, opts: ActionOptions & { max: number }): Block[] {
  const blocks: Block[] = [{ type: 'header', text: plain(view.title, LIMIT.header) }];
  if (view.subtitle) blocks.push({ type: 'context', elements: [md(view.subtitle, LIMIT.contextText)] });
  const translate = withTranslate(undefined, view.translate, 'baton:translate:view');
  if (translate) blocks.push(translate);
  const counter = { n: 0 };
  for (const b of view.blocks) blocks.push(...blocksOf(b, opts, counter));
  return capBlocks(blocks, opts.max, 0, (left) => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `… (+${left})` }],
  }));
}
