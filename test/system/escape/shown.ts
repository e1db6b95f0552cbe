/**
 * What a person reads, from what was sent: Slack shows `&lt;` `&gt;` `&amp;`
 * as `<` `>` `&`, and zero-width spaces show as nothing on either platform.
 * Used to check wording, never to check safety (see live-tokens.ts).
 */
export function slackShown(mrkdwn: string): string {
  return mrkdwn
    .replace(/\u200B/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function teamsShown(markdown: string): string {
  return markdown.replace(/\u200B/g, '');
}
