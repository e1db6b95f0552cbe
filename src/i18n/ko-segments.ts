import type { enSegments } from './en-segments.js';

export const koSegments: Record<keyof typeof enSegments, string> = {
  'reply.NO_SEGMENT':
    '{from}에서 {to}(으)로 넘기는 플레이북 중 {customer}에 맞는 것이 없습니다. 이 경로의 플레이북은 다음 고객만 대상으로 합니다: {segments}. CRM에서 고객의 등급, 지역, 거래 금액을 확인하거나, 관리자에게 `when:` 없는 기본 플레이북을 추가해 달라고 요청하세요.',
};
