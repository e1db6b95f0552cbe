import type { enLiveConfig } from './en-live-config.js';

export const koLiveConfig: Readonly<Record<keyof typeof enLiveConfig, string>> = {
  'audit.config.changed': '설정 파일이 바뀌었습니다({detail}).',
  'config.refused':
    'Baton이 설정 파일의 변경을 거부했습니다. 마지막으로 올바르던 설정({fingerprint})으로 계속 동작합니다.\n{problems}\n파일을 고치면 재시작 없이 몇 초 안에 반영됩니다. `baton check`에서도 같은 문제를 볼 수 있습니다.',
};
