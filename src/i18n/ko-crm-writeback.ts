import type { enCrmWriteback } from './en-crm-writeback.js';

export const koCrmWriteback: Readonly<Record<keyof typeof enCrmWriteback, string>> = {
  'crm.subject.accepted': 'Baton: 인계 수락',
  'crm.subject.reassigned': 'Baton: 담당자 변경',
  'crm.subject.contacted': 'Baton: 첫 연락 기록',
  'crm.subject.declined': 'Baton: 인계 거절',
  'crm.body.accepted': 'Baton: {at}에 {team}의 {actor}님이 {customer} 인계를 수락했습니다.',
  'crm.body.reassigned': 'Baton: {at}에 {actor}님이 {customer} 담당자를 {team}의 {detail}님으로 바꿨습니다.',
  'crm.body.contacted':
    'Baton: {at}에 {team}의 {actor}님이 {customer}와(과)의 첫 연락({detail})을 기록했습니다.',
  'crm.body.declined': 'Baton: {at}에 {team}의 {actor}님이 {customer} 인계를 거절했습니다. 사유: {detail}',
};
