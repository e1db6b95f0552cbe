import { z } from 'zod';
import { optional } from '../../src/config/env.js';
import { defineRecordWriter } from '../../src/registry/descriptors.js';

/**
 * Tasks on Salesforce records when a handoff moves, through a connected app
 * with the OAuth 2.0 client credentials flow. On when all three are set.
 */
export const salesforceWriter = defineRecordWriter({
  name: 'salesforce',
  label: 'Salesforce',
  env: {
    /** The org's My Domain URL: the client credentials flow is refused on login.salesforce.com. */
    SALESFORCE_LOGIN_URL: z
      .url({ message: "the org's My Domain URL, like https://acme.my.salesforce.com" })
      .optional(),
    SALESFORCE_CLIENT_ID: optional,
    SALESFORCE_CLIENT_SECRET: optional,
  },
  secretEnv: ['SALESFORCE_CLIENT_SECRET'],
  redactHeaders: [],
  // The opportunity's task when Baton knows it, else the account's (a Task's WhatId takes both).
  recordKeys: ['salesforce-opportunity', 'salesforce'],
  connected: (env) =>
    Boolean(env.SALESFORCE_LOGIN_URL && env.SALESFORCE_CLIENT_ID && env.SALESFORCE_CLIENT_SECRET),
  create: async (ctx) => (await import('./index.js')).createSalesforceWriteBack(ctx),
});
