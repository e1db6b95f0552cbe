import type { enLadder } from './en-ladder.js';

export const koLadder: Readonly<Record<keyof typeof enLadder, string>> = {
  'ladder.card.person': '{when}에 {who}님에게 에스컬레이션됨',
  'ladder.card.team': '{when}에 {team} 채널로 에스컬레이션됨',
  'ladder.dash.col': '에스컬레이션',
  'ladder.dash.person': '{who}님 ({when})',
  'ladder.dash.team': '{team} 채널 ({when})',
};
