import type { View } from '../cards/model.js';
import { t } from '../i18n/translate.js';

/** Help for one command or both; `problem` (a refusal, a parse problem) goes first so it is read. */
export function helpView(locale: string, which: 'handoff' | 'cx' | 'both', problem?: string): View {
  const texts = [
    ...(problem ? [problem] : []),
    ...(which !== 'cx' ? [t(locale, 'help.handoff')] : []),
    ...(which !== 'handoff' ? [t(locale, 'help.cx'), t(locale, 'help.away')] : []),
  ];
  const title = which === 'handoff' ? '/handoff' : which === 'cx' ? '/cx' : 'Baton';
  return {
    locale,
    fallback: texts.join('\n\n'),
    title,
    blocks: [
      ...(problem ? [{ kind: 'text' as const, text: problem }] : []),
      ...texts.slice(problem ? 1 : 0).map((text) => ({ kind: 'text' as const, text, markup: true as const })),
    ],
  };
}
