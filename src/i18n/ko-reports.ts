import type { enReports } from './en-reports.js';

export const koReports: Record<keyof typeof enReports, string> = {
  'dashboard.title': '대시보드 링크',
  'dashboard.text': '{minutes}분 동안, 본인만 한 번 쓸 수 있습니다. 다른 사람에게 전달하지 마세요.',
  'dashboard.open': '대시보드 열기',
  'dashboard.sentPrivately': '개인 채팅으로 링크를 보냈습니다.',
  'dashboard.homeText': '웹 대시보드에서 지표, 연락 공백, 모든 고객을 볼 수 있습니다.',

  'link.customerView': '고객 보기',

  'report.title': '주간 보고: {week} 주',
  'report.subtitle': '그 주에 시작된 인계, 전주({previous})와 비교',
  'report.started': '시작된 인계',
  'report.acceptSla': 'SLA 내 수락',
  'report.contactedInSla': 'SLA 내 첫 연락',
  'report.medianContact': '첫 연락까지 걸린 시간 중앙값 (업무 시간)',
  'report.pastSla': '지금 연락 SLA를 넘긴 고객',
  'report.vs': '{value} (전주: {previous})',
  'report.none': '없음',
  'report.hours': '{hours}시간',
  'report.gaps': '가장 오래된 연락 공백',
  'report.noGaps': '연락 SLA를 넘긴 고객이 없습니다.',
  'report.gapLine': '{customer} ({team}): {days} 지남',
  'report.gapOwner': '담당자: {owner}',
  'report.teamTitle': '{team}: 인계 이후 결과, {week} 주',
  'report.teamLine':
    '{from}에서 {to}(으)로 고객 {count}명을 인계했습니다: {within}명은 SLA 내 연락, 중앙값 업무 시간 {hours}시간; {waiting}명 대기 중.',
  'report.teamLineNoMedian':
    '{from}에서 {to}(으)로 고객 {count}명을 인계했습니다: {within}명은 SLA 내 연락; {waiting}명 대기 중.',
  'report.teamNone': '{from}에서 그 주에 인계한 고객이 없습니다.',
};
