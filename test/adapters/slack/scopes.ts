/** The Web API methods the adapter calls, and the bot scope each needs (api.slack.com/methods). */
export const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  // reconcile: the channel kinds Baton posts to (team channels public or private, DMs)
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'views.open': [],
  'views.publish': [],
  'auth.test': [],
};

/** The events the adapter subscribes to, and the bot scopes Slack delivers each on (api.slack.com/events). */
export const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  member_joined_channel: ['channels:read', 'groups:read'],
};
