/**
 * Block Kit's documented limits (docs.slack.dev "Block Kit reference"; the
 * list in PLATFORM-NOTES). No offline validator exists on npm, so the fake
 * Slack checks every blocks/view it receives with this one and the tests
 * fail on any violation.
 */
type Json = Record<string, unknown>;

const SURFACE_MAX = { message: 50, modal: 100, home: 100 } as const;

export function validateBlocks(blocks: unknown, surface: keyof typeof SURFACE_MAX): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > SURFACE_MAX[surface])
    errors.push(`${blocks.length} blocks in a ${surface} (max ${SURFACE_MAX[surface]})`);
  const blockIds = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const at = `blocks[${i}] (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > 255) errors.push(`${at}: block_id over 255`);
      if (blockIds.has(b.block_id)) errors.push(`${at}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    errors.push(...checkBlock(b, at, surface));
  });
  return errors;
}

function text(obj: unknown, at: string, max: number, kind?: 'plain_text' | 'mrkdwn'): string[] {
  const t = obj as Json | undefined;
  if (!t || typeof t !== 'object') return [`${at}: missing text object`];
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') return [`${at}: text type ${String(t.type)}`];
  if (kind && t.type !== kind) return [`${at}: must be ${kind}`];
  if (typeof t.text !== 'string' || t.text.length === 0) return [`${at}: empty text`];
  if (t.text.length > max) return [`${at}: text ${t.text.length} over ${max}`];
  return [];
}

function checkBlock(b: Json, at: string, surface: string): string[] {
  switch (b.type) {
    case 'header':
      return text(b.text, `${at}.text`, 150, 'plain_text');
    case 'section': {
      const out: string[] = [];
      if (!b.text && !b.fields) out.push(`${at}: section without text or fields`);
      if (b.text) out.push(...text(b.text, `${at}.text`, 3000));
      if (b.fields) {
        const fields = b.fields as unknown[];
        if (fields.length > 10) out.push(`${at}: ${fields.length} fields (max 10)`);
        fields.forEach((f, j) => {
          out.push(...text(f, `${at}.fields[${j}]`, 2000));
        });
      }
      if (b.accessory) out.push(...checkElement(b.accessory as Json, `${at}.accessory`));
      return out;
    }
    case 'context': {
      const els = (b.elements as Json[]) ?? [];
      const out = els.length > 10 ? [`${at}: ${els.length} context elements (max 10)`] : [];
      if (els.length === 0) out.push(`${at}: empty context`);
      els.forEach((e, j) => {
        if (e.type !== 'image') out.push(...text(e, `${at}.elements[${j}]`, 3000));
      });
      return out;
    }
    case 'actions': {
      const els = (b.elements as Json[]) ?? [];
      const out = els.length > 25 ? [`${at}: ${els.length} elements (max 25)`] : [];
      if (els.length === 0) out.push(`${at}: empty actions`);
      const ids = new Set<string>();
      els.forEach((e, j) => {
        const id = String(e.action_id ?? '');
        if (id && ids.has(id)) out.push(`${at}: duplicate action_id ${id}`);
        ids.add(id);
        out.push(...checkElement(e, `${at}.elements[${j}]`));
      });
      return out;
    }
    case 'input': {
      if (surface === 'message') return [`${at}: input blocks only in modals and the Home tab`];
      const out = text(b.label, `${at}.label`, 2000, 'plain_text');
      out.push(...checkElement(b.element as Json, `${at}.element`));
      return out;
    }
    case 'divider':
      return [];
    default:
      return [`${at}: unknown block type`];
  }
}

function checkElement(e: Json, at: string): string[] {
  const out: string[] = [];
  if (typeof e.action_id === 'string' && e.action_id.length > 255) out.push(`${at}: action_id over 255`);
  if (e.placeholder) out.push(...text(e.placeholder, `${at}.placeholder`, 150, 'plain_text'));
  switch (e.type) {
    case 'button':
      out.push(...text(e.text, `${at}.text`, 75, 'plain_text'));
      if (typeof e.value === 'string' && e.value.length > 2000) out.push(`${at}: value over 2000`);
      if (typeof e.url === 'string' && e.url.length > 3000) out.push(`${at}: url over 3000`);
      if (e.style && e.style !== 'primary' && e.style !== 'danger')
        out.push(`${at}: style ${String(e.style)}`);
      break;
    case 'static_select': {
      const options = (e.options as Json[]) ?? [];
      if (options.length === 0 || options.length > 100) out.push(`${at}: ${options.length} options`);
      options.forEach((o, j) => {
        out.push(...text(o.text, `${at}.options[${j}].text`, 75, 'plain_text'));
        if (typeof o.value !== 'string' || o.value.length > 150) out.push(`${at}.options[${j}]: bad value`);
      });
      break;
    }
    case 'plain_text_input': {
      const max = typeof e.max_length === 'number' ? e.max_length : 3000;
      if (max > 3000) out.push(`${at}: max_length over 3000`);
      if (typeof e.initial_value === 'string' && e.initial_value.length > max)
        out.push(`${at}: initial_value over max_length`);
      break;
    }
    case 'datepicker':
      if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.initial_date)))
        out.push(`${at}: initial_date`);
      break;
    case 'users_select':
    case 'conversations_select':
      break;
    default:
      out.push(`${at}: unknown element ${String(e.type)}`);
  }
  return out;
}

export function validateView(view: unknown): string[] {
  const v = view as Json;
  if (!v || typeof v !== 'object') return ['view is not an object'];
  const type = v.type === 'home' ? 'home' : 'modal';
  const out: string[] = [];
  if (type === 'modal') {
    out.push(...text(v.title, 'view.title', 24, 'plain_text'));
    if (v.submit) out.push(...text(v.submit, 'view.submit', 24, 'plain_text'));
    if (v.close) out.push(...text(v.close, 'view.close', 24, 'plain_text'));
    if (typeof v.callback_id === 'string' && v.callback_id.length > 255)
      out.push('view.callback_id over 255');
    const hasInput = ((v.blocks as Json[]) ?? []).some((b) => b.type === 'input');
    if (hasInput && !v.submit) out.push('modal with inputs needs a submit button');
  }
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3000)
    out.push('private_metadata over 3000');
  out.push(...validateBlocks(v.blocks, type));
  return out;
}
