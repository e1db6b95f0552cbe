import type { enRouting } from './en-routing.js';

export const koRouting: Record<keyof typeof enRouting, string> = {
  'card.languageGap': '{team}에는 {language}을(를) 하는 사람이 없습니다',
  'routing.speakerTitle': '{language} 고객이 기다리고 있습니다: {customer}',
  'routing.speakerText':
    '{customer}은(는) {language}을(를) 선호하며 {team}에서 담당자를 기다리고 있습니다. {language}(으)로 응대할 수 있으시니 수락해서 맡아 주세요.',
  'routing.gapTitle': '{team}에 {language}을(를) 하는 사람이 없습니다: {customer}',
  'routing.gapText':
    '{customer}은(는) {language}을(를) 선호하지만, 오늘 맡을 수 있는 {team} 사람 중에 {language}(으)로 응대하는 사람이 없습니다. 그 언어를 하는 사람에게 재배정하거나, 설정에서 그런 사람을 팀에 추가하세요.',
  'audit.handoff.languageGap': '{team}에 {detail}을(를) 하는 사람이 없어 Baton이 바로 {who}에게 알렸습니다.',
};
