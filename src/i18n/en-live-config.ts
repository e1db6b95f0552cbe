/** Live config: what the admins are told when a change to the config files is refused. */
export const enLiveConfig = {
  'audit.config.changed': 'The config files changed ({detail}).',
  'config.refused':
    'Baton refused a change to its config files and keeps running on the last good config ({fingerprint}).\n{problems}\nFix the file: Baton picks it up within seconds, no restart needed. `baton check` lists the same problems.',
} as const;
