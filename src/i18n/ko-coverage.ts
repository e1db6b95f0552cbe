import type { enCoverage } from './en-coverage.js';

/** 팀 화면의 언어 지원 현황. */
export const koCoverage: Record<keyof typeof enCoverage, string> = {
  'coverage.title': '언어 지원 현황',
  'coverage.intro':
    '팀마다 담당 고객(팀에 있는 고객과 팀으로 인계 중인 고객)이 쓰는 언어와, 그 언어로 응대할 수 있는 사람입니다.',
  'coverage.col.language': '언어',
  'coverage.col.customers': '고객 수',
  'coverage.col.servedBy': '응대 가능',
  'coverage.byDefault': '언어 기록이 없어 기본 언어로 센 고객 {count}명 포함',
  'coverage.via': '플레이북이 지정한 {fallback}이(가) 대신 응대',
  'coverage.nobody': '경고: 이 언어로 응대할 사람이 없습니다.',
  'coverage.nobodyHint':
    'baton.config.yaml에서 누군가의 languages에 {code}을(를) 추가하거나, 플레이북의 languages에 대신 응대할 팀을 지정하세요.',
  'coverage.noCustomers': '아직 고객이 없습니다.',
  'coverage.spokenOnly': '응대할 수 있지만 아직 필요한 고객이 없는 언어: {languages}.',
  'coverage.uncovered': '응대할 사람이 없는 고객 언어가 {count}개 있습니다.',
  'coverage.uncoveredOne': '응대할 사람이 없는 고객 언어가 1개 있습니다.',
  'coverage.notConfigured':
    'baton.config.yaml에 응대 언어(languages)를 적은 사람이 없어 언어 지원 현황을 알 수 없습니다.',
};
