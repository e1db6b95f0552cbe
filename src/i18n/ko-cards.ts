import type { enCards } from './en-cards.js';

/**
 * Particles written as `을(를)`, `이(가)`, `은(는)`, `와(과)` or `(으)로` right
 * after a placeholder are resolved against the value (see josa.ts), so a
 * sentence reads "한국어를" / "영어를" instead of the stiff "한국어을(를)".
 */
export const koCards: Record<keyof typeof enCards, string> = {
  'state.proposed': '제안됨: 확인을 누르면 {customer} 인계가 {team}에 전달됩니다',
  'state.open': '수락 대기 중: {team}의 수락을 기다리고 있습니다',
  'state.openAssigned': '수락 대기 중: {person}님({team})의 수락을 기다리고 있습니다',
  'state.accepted': '{person}님이 수락함 · {when}',
  'state.contacted': '{person}님이 첫 연락을 기록함 · {when}',
  'state.contactedNoOwner': '{team} 첫 연락 기록됨 · {when}',
  'state.done': '완료: 이제 {team}에서 {customer}을(를) 담당합니다',
  'state.declined': '거절됨({person}): {reason}. {sender}에게 돌려보냈습니다.',
  'state.declinedNoReason': '거절됨({person}). {sender}에게 돌려보냈습니다.',
  'state.cancelled': '취소됨: 이 인계는 진행되지 않습니다',

  'state.cancelledCadence':
    '취소됨: 이 인계는 진행되지 않습니다. {customer}은(는) {who}에 남아 연락 주기를 따릅니다. 다음 연락 기한: {when}',
  'state.cancelledGap':
    '취소됨: 이 인계는 진행되지 않습니다. {customer}은(는) {team}에 남지만 그 팀에는 연락 주기가 없어, 누군가 연락을 기록할 때까지 /cx gaps에 표시됩니다',
  'state.cancelledHandoff':
    '취소됨: 이 인계는 진행되지 않습니다. {customer}은(는) 대신 {team}(으)로 가는 인계를 기다립니다',
  'nudge.declined':
    '{team}이(가) {customer} 인계를 거절했고, 고객은 아직 첫 연락을 받지 못했습니다. 빠진 내용을 보완해 다시 보내거나 취소해 주세요.',
  'escalation.declined':
    '{team}이(가) {from}에서 넘어온 {customer} 인계를 거절했는데, {sender}님이 다시 보내지도 취소하지도 않았습니다. 고객은 아직 첫 연락을 받지 못했습니다.',

  'stateName.proposed': '제안',
  'stateName.open': '수락 대기',
  'stateName.accepted': '수락',
  'stateName.contacted': '첫 연락 완료',
  'stateName.done': '완료',
  'stateName.declined': '거절',
  'stateName.cancelled': '취소',

  'field.summary': '요약',
  'field.promises': '고객에게 한 약속',
  'field.dealValue': '계약 금액',
  'field.goLiveDate': '오픈 예정일',
  'field.keyContact': '핵심 연락 담당자',
  'field.risks': '위험 요소',
  'field.language': '언어',
  'field.links': '링크',

  'action.confirm': '인계 시작',
  'action.accept': '수락',
  'action.decline': '거절',
  'action.reassign': '담당자 변경',
  'action.contact': '연락 기록',
  'action.snooze': '나중에 알림',
  'action.complete': '완료',
  'action.cancel': '취소',
  'action.resend': '다시 보내기',

  'card.title': '{customer}: {from} → {to}',
  'card.titleSameTeam': '{customer}: {team}',
  'card.handedOverBy': '{person}님이 인계 · {when}',
  'card.startedByEvent': '{system} 이벤트로 시작됨 · {when}',
  'card.startedBySilence': '연락 공백이 길어 Baton이 시작함 · {when}',
  'card.startedBySystem': 'Baton이 시작함 · {when}',
  'card.lastContact': '마지막 연락',
  'card.neverContacted': '연락 기록 없음',
  'card.acceptBy': '수락 기한',
  'card.firstContactBy': '첫 연락 기한',
  'card.deadlineOverdue': '{when} (기한 지남)',
  'card.owner': '담당자',
  'card.assignee': '배정 대상',
  'card.anyoneInTeam': '{team} 누구나 (먼저 수락하는 사람)',
  'card.noteFrom': '{person}님의 메모',
  'card.notes': '메모',
  'card.noteLine': '{person}, {when}: {text}',
  'card.missing': '빠진 정보',
  'card.missingText': '{fields}. {person}님에게 보완을 요청하거나 사유를 적어 거절하세요.',
  'card.crmRecord': '{system} 레코드',
  'card.fallback': '{title} · {status}',

  'language.notice': '고객이 {language}을(를) 선호합니다. {language}(으)로 응대하세요',
  'language.noticeSame': '고객 사용 언어: {language}',
  'language.label': '{language} ({native})',

  'channel.call': '전화',
  'channel.email': '이메일',
  'channel.chat': '채팅',
  'channel.meeting': '미팅',
  'channel.note': '메모',
  'channel.event': '이벤트',

  'input.reason': '거절 사유를 적어 주세요. {person}님에게 전달됩니다.',
  'input.person': '누구에게 넘길까요?',
  'input.snooze': '다시 알릴 시점',
  'input.channel': '어떻게 연락했나요?',
  'input.note': '메모 (선택)',
  'input.submit': '확인',
};
