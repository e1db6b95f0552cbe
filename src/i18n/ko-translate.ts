import type { enTranslate } from './en-translate.js';

export const koTranslate: Readonly<Record<keyof typeof enTranslate, string>> = {
  'translate.button': '번역',
  'translate.title': '{customer} ({language} 번역)',
  'translate.by': '{provider} 기계 번역입니다.',
  'translate.unavailable': '지금은 번역할 수 없어 원문을 보여 드립니다.',
  'translate.nothing': '아직 번역할 내용이 없습니다.',
  'translate.declineReason': '거절 사유',
  'translate.contactNote': '{person}님의 연락 메모, {when}',
  'translate.noteFrom': '{person}님의 메모',
  'translate.handoff': '인계: {from} → {to}',
  'translate.sentPrivately': 'Baton과의 개인 채팅으로 번역을 보냈습니다.',
  'translate.dashboardLink': '작성 내용 번역하기',
  'translate.dashboardBack': '원문으로 보기',
  'reply.TRANSLATION_OFF':
    '이곳에서는 번역 기능이 꺼져 있습니다. 관리자가 DEEPL_AUTH_KEY를 설정하거나 AZURE_TRANSLATOR_KEY와 AZURE_TRANSLATOR_REGION을 설정하면 켜집니다.',
};
