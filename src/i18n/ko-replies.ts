import type { enReplies } from './en-replies.js';

export const koReplies: Record<keyof typeof enReplies, string> = {
  'reply.CUSTOMER_NOT_FOUND': '"{query}" 고객을 찾지 못했습니다. 혹시 {suggestions} 말씀인가요?',
  'reply.CUSTOMER_NOT_FOUND.none':
    '"{query}" 고객을 찾지 못했습니다. 이름을 확인하거나, 관리자에게 `baton import`로 고객을 가져와 달라고 요청하세요.',
  'reply.CUSTOMER_AMBIGUOUS':
    '"{query}"에 해당하는 고객이 여럿입니다: {matches}. 이름을 조금 더 입력해 주세요.',
  'reply.TEAM_NOT_FOUND': '"{query}" 팀은 없습니다. 다음 중 한 팀에 인계하세요: {teams}.',
  'reply.PERSON_NOT_FOUND':
    '"{query}"에 해당하는 사람을 찾지 못했습니다. Baton 설정에 있는 사람을 @로 멘션하거나 팀을 고르세요: {teams}.',
  'reply.NO_PLAYBOOK':
    '{from}에서 {to}(으)로 넘기는 플레이북이 없습니다. 플레이북이 있는 경로: {pairs}. 이 중 하나로 인계하거나 관리자에게 플레이북 추가를 요청하세요.',
  'reply.ALREADY_WITH_TEAM': '{customer}은(는) 이미 {team}에 있습니다 (담당자: {owner}).',
  'reply.ALREADY_WITH_TEAM.noOwner': '{customer}은(는) 이미 {team}에 있고, 아직 담당자가 없습니다.',
  'reply.ALREADY_WITH_TEAM.open': '진행 중인 인계 {handoff}: {state} 상태입니다.',
  'reply.ALREADY_WITH_TEAM.next': '다음 단계로 넘기려면 {teams}에 인계하세요: `{command}`',
  'reply.ALREADY_WITH_TEAM.last':
    '{team}에서 이어지는 플레이북이 없습니다. 연락은 `/cx contact {customer}`로 기록하세요.',
  'reply.NOT_ALLOWED': '{who}만 할 수 있는 작업입니다. 해당하는 분에게 요청하세요.',
  'reply.NOT_ALLOWED.ownHandoff':
    '직접 보낸 인계이므로 이제 {team}이(가) 맡습니다. 수락, 거절, 첫 연락 기록은 {who}만 할 수 있습니다. 해당하는 분에게 요청하세요.',
  'reply.NOT_ALLOWED.handoffWaits':
    '{customer}의 {team} 인계가 첫 연락을 기다리고 있으며, 이 연락은 {who}만 기록할 수 있습니다. 해당하는 분에게 카드에서 기록해 달라고 요청하세요.',
  'reply.NOT_ALLOWED.handoffDeclined':
    '{team}이(가) {customer} 인계를 거절했고, {who}이(가) 다시 보내거나 취소하기를 기다리고 있습니다. 그다음에 연락을 기록하세요.',
  'reply.UNKNOWN_USER':
    'Baton 설정에 등록되지 않은 사용자입니다. 관리자에게 people 항목에 추가해 달라고 요청하세요 ({platform} ID: {userId}).',
  'reply.ALREADY_ACCEPTED': '{person}님이 {ago} 이미 수락했습니다. 따로 하실 일은 없습니다.',
  'reply.ALREADY_IN_STATE': '이 인계는 이미 {state} 상태입니다. 바뀐 것은 없습니다.',
  'reply.WRONG_STATE':
    '인계가 {state} 상태라 지금은 할 수 없습니다. 지금 할 수 있는 작업은 카드에서 확인하세요.',
  'reply.STALE_CARD': '카드가 최신 상태가 아니었습니다. 최신 카드를 보여 드리니 확인한 뒤 다시 시도하세요.',
  'reply.MISSING_FIELDS': '빠진 정보를 먼저 채워 주세요: {fields}.',
  'reply.SNOOZE_LIMIT':
    '인계 알림은 최대 {times}번, 한 번에 {max}까지만 미룰 수 있습니다. 지금 처리하거나 담당자를 바꿔 주세요.',
  'reply.HANDOFF_NOT_FOUND':
    '해당 인계를 찾지 못했습니다. 삭제되었을 수 있습니다. 진행 중인 인계는 `/cx mine`으로 확인하세요.',
  'reply.INVALID_INPUT': '입력을 이해하지 못했습니다: {problem}. 명령어는 `/cx help`로 확인하세요.',
  'reply.CONFIRM_FORGET':
    '{customer}의 개인 정보(연락처, 메모, 접점 메모)가 영구히 삭제됩니다. 계속하려면 다음을 입력하세요: `{command}`',
  'reply.FORGOTTEN': '{customer}의 개인 정보를 삭제했습니다. 삭제 요청 내역은 감사 로그에 남습니다.',
  'reply.INTERNAL': 'Baton 쪽에 문제가 생겨 아무것도 바꾸지 않았습니다. 잠시 후 다시 시도해 주세요.',
  'reply.RATE_LIMITED':
    '짧은 시간에 로그인 링크를 여러 번 요청했습니다. {minutes}분 후에 다시 시도해 주세요.',
  'reply.BUSY': '지금은 요청이 많아 이 작업을 하지 않았습니다. {seconds}초 후에 다시 시도해 주세요.',

  'ok.handoffSent': '{customer} 인계를 {team}에 보냈습니다.',
  'ok.handoffResent': '{customer} 인계를 {team}에 다시 보냈습니다.',
  'ok.accepted': '이제 {customer}의 담당자입니다. {when}까지 첫 연락을 기록하세요.',
  'ok.acceptedNoDeadline': '이제 {customer}의 담당자입니다. 고객과 연락이 닿으면 바로 첫 연락을 기록하세요.',
  'ok.declined': '거절했습니다. {customer} 인계가 사유와 함께 {person}님에게 돌아갔습니다.',
  'ok.reassigned': '이제 {person}님이 {customer}을(를) 담당합니다.',
  'ok.contactLogged':
    '{customer}와(과)의 {channel} 연락을 기록했습니다. 이 연락으로 충족된 알림은 멈췄습니다.',
  'ok.snoozed': '미뤘습니다. {when}에 {customer} 건을 다시 알려 드릴게요.',
  'ok.completed': '{customer} 인계를 완료했습니다.',
  'ok.cancelled': '{customer} 인계를 취소했습니다.',
  'ok.cancelledCadence':
    '{customer} 인계를 취소했습니다. {customer}은(는) {who}에 남아 연락 주기를 따릅니다. 다음 연락 기한: {when}.',
  'ok.cancelledGap':
    '{customer} 인계를 취소했습니다. {team}에는 연락 주기가 없어, 누군가 연락을 기록할 때까지 {customer}이(가) /cx gaps에 표시됩니다.',
  'ok.cancelledHandoff':
    '{customer} 인계를 취소했습니다. {customer}은(는) 대신 {team}(으)로 가는 인계를 기다립니다.',

  'demo.actingAs':
    '이 데모에서 이제 {person}({team})입니다. 입력하고 누르는 것은 모두 이 사람의 것으로 처리됩니다. `as dana`를 입력하면 다시 Dana Reyes가 됩니다.',
  'demo.nobody': '이 조직에 "{query}"(이)라는 사람이 없습니다. 다음 중 하나를 입력하세요: {people}.',

  'role.owner': '담당자({person})',
  'role.sender': '보낸 사람({person})',
  'role.team': '{team} 팀원',
  'role.lead': '{team} 리드({person})',
  'role.admin': '관리자',
  'problem.field': '{field} 값이 없거나 올바르지 않습니다',
  'problem.outsideTeam': '{person}님은 {team} 소속이 아닙니다. 다른 팀으로 넘기려면 /handoff를 사용하세요',
};
