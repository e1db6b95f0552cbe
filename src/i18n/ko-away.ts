import type { enAway } from './en-away.js';

export const koAway: Readonly<Record<keyof typeof enAway, string>> = {
  'help.away': [
    '*/cx away until <YYYY-MM-DD> [backup @사람]*: 그날까지(당일 포함) 부재로 표시합니다. 내 알림과 새 인계는 대리인에게, 대리인이 없으면 팀 리드에게 갑니다.',
    '*/cx back*: 날짜보다 일찍 돌아왔을 때 씁니다. 바로 다시 알림을 받습니다.',
    '리드(자기 팀)와 관리자: */cx away @사람 until <YYYY-MM-DD> [backup @다른사람]*, */cx back @사람*.',
  ].join('\n'),

  'away.usage':
    '`/cx away until 2026-12-24`처럼 입력하세요 (대신 맡을 사람은 `/cx away until 2026-12-24 backup @동료`처럼 지정하고, 리드나 관리자는 `/cx away @사람 until 2026-12-24`처럼 씁니다). 끝낼 때는 `/cx back`을 입력하세요.',
  'away.problem.until': '날짜가 없습니다. `until` 뒤에 마지막 부재일을 쓰세요',
  'away.problem.date': '날짜는 2026-12-24처럼 YYYY-MM-DD 형식의 실제 날짜여야 합니다',
  'away.problem.backup': '대리인은 `/cx away until 2026-12-24 backup @priya`처럼 @로 지정하세요',
  'away.problem.extra': '예상하지 못한 단어가 있습니다',
  'away.invalid': '이해하지 못했습니다: {problem}. {usage}',

  'away.set.self': '{until}까지 부재로 표시했습니다.',
  'away.set.other': '{person}님을 {until}까지 부재로 표시했습니다.',
  'away.standIn': '그동안 {person}님의 알림과 새 인계는 {standIn}님에게 갑니다.',
  'away.noStandIn':
    '{person}님을 대신 맡을 사람이 없습니다 (대리인이 없고 리드도 부재이거나 지정되지 않았습니다). 알림은 {team} 채널로 갑니다. `/cx away until {day} backup @동료`처럼 다시 설정하면서 대리인을 지정하세요.',
  'away.back.self': '돌아오신 것을 환영합니다. 이제부터 알림과 새 인계를 다시 받습니다.',
  'away.back.other': '{person}님이 돌아왔습니다. 이제부터 알림과 새 인계가 다시 이분에게 갑니다.',
  'away.back.notAway': '{person}님은 부재 중이 아니었습니다. 바뀐 것은 없습니다.',

  'away.refuse.pastDate':
    '{until}은(는) 이미 지난 날짜입니다 ({person}님 기준 오늘은 {today}입니다). `/cx away until {today}`처럼 오늘이나 그 이후 날짜를 쓰세요.',
  'away.refuse.unknownPerson':
    '"{query}"에 해당하는 사람을 찾지 못했습니다. `/cx away @priya until 2026-12-24`처럼 Baton 설정에 있는 사람을 @로 멘션하세요.',
  'away.refuse.unknownBackup':
    '대신 맡을 "{query}"에 해당하는 사람을 찾지 못했습니다. `/cx away until 2026-12-24 backup @priya`처럼 Baton 설정에 있는 동료를 @로 지정하거나, 대리인을 빼면 리드가 대신 맡습니다.',
  'away.refuse.sameBackup':
    '{person}님은 자기 자신의 대리인이 될 수 없습니다. 동료를 대리인으로 지정하거나, 대리인을 빼면 리드가 대신 맡습니다.',
  'away.refuse.notAllowed':
    '{person}님의 부재는 {person}님 본인, {team} 리드({lead}) 또는 관리자만 설정할 수 있습니다. 해당하는 분에게 요청하거나, 본인 부재는 `/cx away until YYYY-MM-DD`로 설정하세요.',
  'away.refuse.notAllowedNoLead':
    '{person}님의 부재는 {person}님 본인 또는 관리자만 설정할 수 있습니다. 해당하는 분에게 요청하거나, 본인 부재는 `/cx away until YYYY-MM-DD`로 설정하세요.',

  'notice.awayFor': '{until}까지 부재 중인 {person}님을 대신해 받는 알림입니다.',
  'notice.awayForTeam':
    '{until}까지 부재 중인 {person}님에게 갈 알림이지만 대신 맡을 사람이 없습니다. 이 채널에서 누가 맡아 주실 수 있을까요?',
  'card.standIn': '{person}님은 {until}까지 부재 중이며, {standIn}님이 대신 맡습니다.',
  'card.awayNobody': '{person}님은 {until}까지 부재 중입니다. 알림은 {team} 채널로 갑니다.',

  'audit.person.away': '{actor}님이 {detail}님의 부재를 설정했습니다.',
  'audit.person.back': '{actor}님이 {detail}님의 부재를 끝냈습니다.',
};
