import type { enForms } from './en-forms.js';

/** Korean for `en-forms.ts`. */
export const koForms: Record<keyof typeof enForms, string> = {
  'form.languageChoose': '언어를 선택하세요',
  'form.languageNotOffered': '"{value}"은 목록에 있는 언어가 아닙니다. 목록에서 고객의 언어를 골라 주세요.',
  'speakers.in': '{team}에서 {language}을(를) 하는 사람: {people}',
  'speakers.everyone': '{team}에서는 모두 {language}을(를) 합니다',
  'speakers.noneIn': '{team}에는 {language}을(를) 하는 사람이 없습니다. 다른 팀: {elsewhere}',
  'speakers.has': '{team}의 {people}',
  'speakers.nobody': '아직 {language}을(를) 하는 사람이 없습니다',
  'speakers.form': '{language}을(를) 하는 사람: {teams}',
  'speakers.formTeam': '{team}({people})',
  'speakers.formNobody': '없음',
  'speakers.nobodyToReassign': '{team}에는 이 고객을 넘겨받을 다른 사람이 없습니다.',
  'speakers.label': '{person} · {language} 가능',
};
